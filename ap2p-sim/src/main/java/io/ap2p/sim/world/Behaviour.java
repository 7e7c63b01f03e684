package io.ap2p.sim.world;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Task;
import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.CanaryClassifier;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * How providers truly behave when invoked: honest ones do the work (slower and more often wrong
 * when degraded, silent when down), adversaries answer wrongly, stay silent, error, guess which
 * tasks are canaries from what they receive, whitewash, or (silent ones) accept every task and
 * never answer, as the point says; receipts are signed (and attested for honest providers) when
 * asked for. The world also knows every task's correct answer.
 */
public final class Behaviour {

  /** Delivers a provider's answer: a result, or an error. */
  public interface Reply {
    /** {@code result} or, when it is null, {@code error}. */
    void send(TaskResult result, String error);
  }

  private final Engine engine;
  private final Point point;
  private final SplittableRandom random;
  private final Attestors attestors;
  private final Consumer<Provider> onWhitewash;
  private final CanaryClassifier.Inputs adversaryInputs = new CanaryClassifier.Inputs();

  /**
   * Behaviour in {@code point}'s world on {@code engine}, drawing from {@code random}; providers
   * ask {@code attestors} to countersign their receipts and {@code onWhitewash} re-joins a
   * whitewasher.
   */
  public Behaviour(
      Engine engine,
      Point point,
      SplittableRandom random,
      Attestors attestors,
      Consumer<Provider> onWhitewash) {
    this.engine = engine;
    this.point = point;
    this.random = random;
    this.attestors = attestors;
    this.onWhitewash = onWhitewash;
  }

  /**
   * Whether a task addressed to {@code addressed} reaches provider {@code p} (null when no provider
   * ever had that identity): not when the identity was retired.
   */
  public static boolean reachable(Provider p, PeerId addressed) {
    return p != null && Session.online(p) && p.key.peerId().equals(addressed);
  }

  /** Whether {@code p} is a canary evader (the run counts how it judged what it received). */
  public boolean isEvader(Provider p) {
    return p != null
        && p.kind == Provider.Kind.ADVERSARY
        && point.adversary().equals("canary-evader");
  }

  /**
   * Whether {@code p} is a silent adversary, which accepts every task and never answers (the run
   * counts how long requesters waited on it).
   */
  public boolean isSilent(Provider p) {
    return p != null && p.kind == Provider.Kind.ADVERSARY && point.adversary().equals("silent");
  }

  /**
   * The provider's true behaviour on a task from {@code requester}; {@code direct} is not called
   * when it stays silent. A provider sees only what arrives (who asks, the task, when): whether the
   * task is a canary is not given to it. Returns whether a canary evader took the task for a canary
   * and answered it right (for the run's bookkeeping, which knows the truth).
   */
  public boolean serve(
      Provider p,
      PeerId addressed,
      PeerId requester,
      Task task,
      boolean wantReceipt,
      String version,
      Reply direct) {
    if (!reachable(p, addressed)) {
      direct.send(null, "connection refused"); // a retired identity, or a peer that is offline
      return false;
    }
    Reply reply = Session.guard(p, direct); // churn: a peer that leaves mid-task never answers
    Bytes right = answer(task.tag(), task.input());
    if (p.kind == Provider.Kind.HONEST) {
      if (p.condition == Drift.Condition.DOWN) {
        return false;
      }
      boolean degraded = p.condition == Drift.Condition.DEGRADED;
      double wrongRate = degraded ? point.degradedWrongRate() : point.honestWrongRate();
      Bytes out = random.nextDouble() < wrongRate ? wrong(right) : right;
      long serviceUs =
          (long) (p.serviceMs * 1000 * (degraded ? 3 : 1) * Math.exp(0.3 * random.nextGaussian()))
              + Session.takeColdStartMicros(p); // churn: an agent back online starts cold
      long started = engine.millis();
      if (wantReceipt) { // signed only when asked for, then countersigned by an attestor if it can
        SignedReceipt r = receipt(p, task, out, version, started, started + serviceUs / 1000);
        p.lastReceipt = r.hash();
        boolean correct = out.equals(right);
        double checkMs = Offers.medianServiceMs(task.tag());
        engine.after(
            serviceUs,
            () ->
                attestors.attest(
                    r,
                    false,
                    correct,
                    checkMs,
                    a -> reply.send(new TaskResult(out, Optional.of(a)), null)));
        return false;
      }
      TaskResult result = new TaskResult(out, Optional.empty());
      engine.after(serviceUs, () -> reply.send(result, null));
      return false;
    }
    return adversary(p, requester, task, wantReceipt, right, version, reply);
  }

  private boolean adversary(
      Provider p,
      PeerId requester,
      Task task,
      boolean wantReceipt,
      Bytes right,
      String version,
      Reply reply) {
    p.servedUnderIdentity++;
    if (point.adversary().equals("whitewasher")
        && p.servedUnderIdentity >= point.whitewashAfter()) {
      engine.after(0, () -> onWhitewash.accept(p));
    }
    if (isSilent(p)) {
      return false; // accepts every task and never answers: only the requester's timeout ends it
    }
    long serviceUs = (long) (p.serviceMs * 1000 * Math.exp(0.3 * random.nextGaussian()));
    long started = engine.millis();
    if (point.adversary().equals("canary-evader") && looksLikeCanary(p, requester, task)) {
      // took it for a canary: answer it properly, with a receipt of its own
      answer(p, task, right, version, started, serviceUs, wantReceipt, reply);
      return true;
    }
    double u = random.nextDouble();
    if (u < point.sybilTimeout()) {
      return false; // silent: the requester's timeout fires
    }
    if (u < point.sybilTimeout() + point.sybilWrong()) {
      answer(p, task, wrong(right), version, started, serviceUs, wantReceipt, reply);
      return false;
    }
    engine.after(serviceUs / 10, () -> reply.send(null, "internal error"));
    return false;
  }

  /**
   * The canary evader's judgement of a task, from what it receives only: core's {@link
   * CanaryClassifier} (the rules of real nodes' canary-evader persona) over the requester and
   * capability, the input and the arrival time, its memory of inputs shared by all of the
   * adversary's identities; it acts on a suspicion with probability {@code canaryEvasion} (the
   * classifier's quality: 1 is the persona's rules exactly, 0 a plain Sybil).
   */
  private boolean looksLikeCanary(Provider p, PeerId requester, Task task) {
    if (p.guess == null) {
      p.guess = new CanaryClassifier(adversaryInputs);
    }
    boolean suspected =
        p.guess
            .judge(requester + "/" + task.tag().value(), task.input(), engine.millis())
            .isPresent();
    return suspected && random.nextDouble() < point.canaryEvasion();
  }

  /**
   * An adversary's answer {@code out}, with its own receipt, countersigned by a colluder if any.
   */
  private void answer(
      Provider p,
      Task task,
      Bytes out,
      String version,
      long started,
      long serviceUs,
      boolean wantReceipt,
      Reply reply) {
    if (!wantReceipt) {
      engine.after(serviceUs, () -> reply.send(new TaskResult(out, Optional.empty()), null));
      return;
    }
    SignedReceipt r = receipt(p, task, out, version, started, started + serviceUs / 1000);
    engine.after(
        serviceUs,
        () ->
            attestors.attest(
                r, true, false, 0, a -> reply.send(new TaskResult(out, Optional.of(a)), null)));
  }

  private SignedReceipt receipt(
      Provider p, Task task, Bytes out, String version, long startedMs, long finishedMs) {
    Bytes previous = p.lastReceipt == null ? SignedReceipt.GENESIS : p.lastReceipt;
    return SignedReceipt.sign(
        new SignedReceipt.Body(
            p.key.peerId(),
            task.id(),
            Digests.sha256(task.input()),
            Digests.sha256(out),
            "sim-" + p.tag.value(),
            version,
            startedMs,
            finishedMs,
            task.nonce(),
            previous),
        p.key);
  }

  /** The world's correct answer to {@code input} for {@code tag}. */
  public static Bytes answer(CapabilityTag tag, Bytes input) {
    byte[] t = ("ap2p-sim/answer|" + tag.value() + "|").getBytes(StandardCharsets.UTF_8);
    return Digests.sha256(Bytes.concat(Bytes.wrap(t), input));
  }

  private static Bytes wrong(Bytes right) {
    return Digests.sha256(Bytes.concat(right, Bytes.wrap(new byte[] {'x'})));
  }

  public static Optional<Bytes> expectedDigest(CapabilityTag tag, Bytes input) {
    return Optional.of(Digests.sha256(answer(tag, input)));
  }
}
