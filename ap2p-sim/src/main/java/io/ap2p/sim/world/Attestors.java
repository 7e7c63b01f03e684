package io.ap2p.sim.world;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Attestors as peers ({@code attestors} of them, every requester pins them all): each answers a
 * request with probability {@code attestorAvailability}, a link round trip away. An honest one
 * checks what a real attestor checks ({@code AttestJudge}: the receipt is the asker's and names
 * this input and output) and re-executes the task, taking the capability's median service time, and
 * countersigns only a right output. A colluding one (a share {@code attestorCollusion} of them,
 * rounded) countersigns whatever the adversary sends it without checking. An honest provider asks
 * attestors in a random order until one answers (at most {@link #TRIES}, each unanswered request
 * costing {@link #TIMEOUT_MS}); an adversary asks only its colluders. No answer, or a refusal,
 * leaves the receipt unattested.
 */
public final class Attestors {

  /** Attestors an honest provider asks before giving up. */
  public static final int TRIES = 2;

  /** How long a provider waits for an attestor that does not answer (ms). */
  public static final long TIMEOUT_MS = 2_000;

  /** What attestation cost, counted by the run. */
  public interface Costs {
    /** A request was answered or given up ({@code refused}), taking {@code computeMs} of checks. */
    void attest(boolean refused, double computeMs);
  }

  private final Engine engine;
  private final Point point;
  private final SplittableRandom random;
  private final Latency link;
  private final List<PrivateKey> honest = new ArrayList<>();
  private final List<PrivateKey> colluding = new ArrayList<>();
  private final Costs costs;

  /**
   * The attestors of {@code point}'s world: {@code first} and keys drawn from {@code random} (which
   * also draws availability and order), reached over {@code link}.
   */
  public Attestors(
      Engine engine,
      Point point,
      SplittableRandom random,
      Latency link,
      PrivateKey first,
      Costs costs) {
    this.engine = engine;
    this.point = point;
    this.random = random;
    this.link = link;
    this.costs = costs;
    int colluders = (int) Math.round(point.attestors() * point.attestorCollusion());
    for (int i = 0; i < point.attestors(); i++) {
      PrivateKey k = i == 0 ? first : newKey();
      (i < point.attestors() - colluders ? honest : colluding).add(k);
    }
  }

  private PrivateKey newKey() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return PrivateKey.fromSeed(Bytes.wrap(seed));
  }

  /** Every attestor's identity: what descriptors list and requesters pin. */
  public List<PeerId> ids() {
    List<PeerId> out = new ArrayList<>();
    honest.forEach(k -> out.add(k.peerId()));
    colluding.forEach(k -> out.add(k.peerId()));
    return out;
  }

  /**
   * Asks for a countersignature on {@code r} for a provider ({@code adversary} or not) whose output
   * is {@code right} or not; {@code done} gets the receipt, attested or not, once the answer is in.
   */
  public void attest(
      SignedReceipt r,
      boolean adversary,
      boolean right,
      double checkMs,
      Consumer<SignedReceipt> done) {
    if (adversary) {
      if (colluding.isEmpty()) {
        done.accept(r); // no accomplice: its own signature only
        return;
      }
      PrivateKey k = colluding.get(random.nextInt(colluding.size()));
      ask(r, k, true, true, 0, 1, done);
      return;
    }
    List<PrivateKey> all = new ArrayList<>(honest);
    all.addAll(colluding);
    PrivateKey k = all.get(random.nextInt(all.size()));
    ask(r, k, colluding.contains(k), right, checkMs, TRIES, done);
  }

  private void ask(
      SignedReceipt r,
      PrivateKey k,
      boolean colludes,
      boolean right,
      double checkMs,
      int triesLeft,
      Consumer<SignedReceipt> done) {
    if (random.nextDouble() >= point.attestorAvailability()) {
      engine.after(
          TIMEOUT_MS * 1000,
          () -> {
            if (triesLeft > 1) {
              List<PrivateKey> all = new ArrayList<>(honest);
              all.addAll(colluding);
              PrivateKey next = all.get(random.nextInt(all.size()));
              ask(r, next, colluding.contains(next), right, checkMs, triesLeft - 1, done);
            } else {
              costs.attest(true, 0);
              done.accept(r);
            }
          });
      return;
    }
    double ms = colludes ? 0 : checkMs; // a colluder does not re-execute
    long delayUs = link.sampleMicros(random) + link.sampleMicros(random) + (long) (ms * 1000);
    boolean signs = colludes || right;
    engine.after(
        delayUs,
        () -> {
          costs.attest(!signs, ms);
          done.accept(signs ? r.attestedBy(k) : r);
        });
  }
}
