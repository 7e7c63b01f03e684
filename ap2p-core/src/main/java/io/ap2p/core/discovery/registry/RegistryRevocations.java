package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.DescriptorKey;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.RevocationReason;
import io.ap2p.core.trust.revocation.RevocationValidator;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's revocations: a signed revocation takes what it revokes out of the table (and so out
 * of every answer) at once, and a registration it covers is refused for as long as the revocation
 * is held (at least as long as anything it revokes could live). Runs under the registry's lock,
 * called from {@link RegistryServer}.
 */
public final class RegistryRevocations {

  private final SoftStateTable table;
  private final Revocations revocations;
  private final RevocationValidator validator;
  // how long the table held each key and descriptor (what it holds now, and at most maxEntries of
  // what it held): how much use this registry has for their revocations
  private final Tenures<PeerId> heldPeers;
  private final Tenures<DescriptorKey> heldDescriptors;
  private final Clock clock;
  // revocations whose signatures were checked outside the registry's lock (see preverify), and
  // each sender's budget for such checks
  private final Map<Bytes, SignedRevocation> verified =
      java.util.Collections.synchronizedMap(recent(MAX_PREVERIFIED));
  private final Map<PeerId, TokenBucket> checks =
      java.util.Collections.synchronizedMap(recent(MAX_PREVERIFIED));

  /** Revocations over {@code table}, on {@code clock}, bounded by {@code limits}. */
  public RegistryRevocations(Clock clock, SoftStateTable table, RevocationLimits limits) {
    this.clock = clock;
    this.table = table;
    this.revocations = new Revocations(clock, limits);
    this.validator = new RevocationValidator(clock, limits);
    this.heldPeers = new Tenures<>(limits.maxEntries());
    this.heldDescriptors = new Tenures<>(limits.maxEntries());
    table.addListener(
        new SoftStateTable.Listener() {
          @Override
          public void added(SignedDescriptor d) {
            heldPeers.held(d.descriptor().peer(), clock.millis());
            heldDescriptors.held(d.key(), clock.millis());
          }

          @Override
          public void expired(SignedDescriptor d) {
            gone(d);
          }

          @Override
          public void withdrawn(SignedDescriptor d) {
            gone(d);
          }
        });
    revocations.rank(this::use);
  }

  private void gone(SignedDescriptor d) {
    heldPeers.released(d.descriptor().peer(), clock.millis());
    heldDescriptors.released(d.key(), clock.millis());
  }

  private static <K, V> Map<K, V> recent(int cap) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> e) {
        return size() > cap;
      }
    };
  }

  /**
   * How much use this registry has for {@code r} (see {@link Revocations#rank}): none (0) unless
   * its table holds or held what it revokes; then, for a descriptor revocation, 1 plus how long it
   * held that descriptor; for a hand-over or compromise, more than any descriptor revocation, plus
   * the longest it held any key the revocation touches (the key, the successor it names, and the
   * successors down the chains of hand-overs from the key, which a compromise voids). So a key that
   * registers and revokes itself at once ranks below a real compromise of a key held for longer.
   */
  private long use(Revocation r) {
    long now = clock.millis();
    if (r instanceof Revocation.OfDescriptor d) {
      long t = heldDescriptors.tenure(d.descriptor(), now);
      return t < 0 ? 0 : 1 + Math.min(t, MAX_TENURE);
    }
    long t = heldPeers.tenure(r.peer(), now);
    if (r instanceof Revocation.Rotation rot) {
      t = Math.max(t, heldPeers.tenure(rot.successor().peerId(), now));
    }
    for (PeerId p : revocations.touched(r)) {
      t = Math.max(t, heldPeers.tenure(p, now));
    }
    return t < 0 ? 0 : IDENTITY_USE + Math.min(t, MAX_TENURE);
  }

  // tenures beyond ~35 years count as that; identity revocations rank above descriptor ones
  private static final long MAX_TENURE = (1L << 40) - 1;
  private static final long IDENTITY_USE = 1L << 41;

  /**
   * Checks the signatures of {@code encoded}, sent by {@code sender}, ahead of {@link #revoke} and
   * outside the registry's lock (thread-safe): {@code revoke} of the same bytes then checks only
   * its time window. Each sender may have {@link #PREVERIFY_PER_SECOND} checked so a second (bursts
   * of {@link #PREVERIFY_BURST}); past that, or past {@link #MAX_PREVERIFIED} waiting, {@code
   * revoke} checks them itself, after the registry's rate limit.
   */
  public void preverify(PeerId sender, Bytes encoded) {
    long now = clock.millis();
    boolean budget;
    synchronized (checks) {
      budget =
          checks
              .computeIfAbsent(
                  sender, p -> new TokenBucket(PREVERIFY_PER_SECOND, PREVERIFY_BURST, now))
              .tryTake(now);
    }
    if (budget && validator.validate(encoded) instanceof Verdict.Accepted<SignedRevocation> ok) {
      verified.put(encoded, ok.value());
    }
  }

  /**
   * Checks the signatures of {@code encoded}, replicated from another registry, outside the
   * registry's lock, without a sender's budget (the mesh's own validation bounds that path), so
   * {@link #revoke} of the same bytes only checks its time window.
   */
  public void preverifyReplica(Bytes encoded) {
    if (validator.validate(encoded) instanceof Verdict.Accepted<SignedRevocation> ok) {
      verified.put(encoded, ok.value());
    }
  }

  /** Most revocations checked by {@link #preverify} and not yet taken; the oldest go first. */
  public static final int MAX_PREVERIFIED = 1024;

  /** Signature checks per second one sender may have done outside the lock. */
  public static final double PREVERIFY_PER_SECOND = 5;

  /** ... and at once. */
  public static final double PREVERIFY_BURST = 20;

  /** The revocations held (read only; offer through {@link #revoke}). */
  public Revocations held() {
    return revocations;
  }

  /** Whether {@code m} is a revocation request ({@link #handle} answers it). */
  public boolean handles(RegistryMessage m) {
    return m instanceof RegistryMessage.Revoke || m instanceof RegistryMessage.RevocationsOf;
  }

  /** Answers a revocation request (see {@link #handles}). */
  public RegistryMessage handle(RegistryMessage m) {
    return switch (m) {
      case RegistryMessage.Revoke r -> revoke(r.signedRevocation());
      case RegistryMessage.RevocationsOf q -> about(q);
      default -> throw new IllegalArgumentException("not a revocation request: " + m);
    };
  }

  /**
   * Judges, keeps and applies one signed revocation from any sender. What a verified revocation
   * revokes is withdrawn from the table even when the revocation itself is not kept (a full table,
   * a duplicate): keeping it, to refuse replays and replicate it, is best-effort. The answer's
   * {@code expiresAtMillis} says until when the revocation's effect is held (0: not held).
   */
  public RegistryMessage.Ack revoke(Bytes encoded) {
    SignedRevocation checked = verified.remove(encoded);
    Verdict<SignedRevocation> v =
        checked != null ? validator.validateTime(checked) : validator.validate(encoded);
    if (!(v instanceof Verdict.Accepted<SignedRevocation> ok)) {
      return ack(v, 0);
    }
    Revocation r = ok.value().revocation();
    Verdict<Revocations.Change> offered = revocations.offer(ok.value());
    int gone = 0;
    if (r instanceof Revocation.OfDescriptor d) {
      gone += table.withdraw(d.descriptor(), d.upToSeq()).isPresent() ? 1 : 0;
    } else if (!(offered instanceof Verdict.Accepted<Revocations.Change>)) {
      gone += withdrawAll(r.peer()); // its own key signed it: the key's descriptors go
    }
    for (PeerId p : revocations.touched(r)) {
      if (revocations.refusal(p).isPresent()) {
        gone += withdrawAll(p);
      }
    }
    long until = revocations.heldUntil(r);
    if (!(offered instanceof Verdict.Accepted<Revocations.Change>)) {
      RegistryMessage.Ack a = ack(offered, until);
      return new RegistryMessage.Ack(
          a.status(),
          a.reason(),
          a.detail() + "; " + gone + " descriptor(s) withdrawn",
          a.expiresAtMillis());
    }
    return new RegistryMessage.Ack(
        RegistryMessage.Status.ACCEPTED, "REVOKED", gone + " descriptor(s) withdrawn", until);
  }

  private int withdrawAll(PeerId p) {
    int gone = 0;
    for (SignedDescriptor sd : table.byPeer(p)) {
      gone += table.withdraw(sd.key(), Long.MAX_VALUE).isPresent() ? 1 : 0;
    }
    return gone;
  }

  /** Why a registration of {@code sd} is refused, if a revocation covers it. */
  public Optional<RegistryMessage.Ack> refusal(SignedDescriptor sd) {
    DescriptorKey key = sd.key();
    return revocations
        .refusal(key, sd.seq())
        .map(
            reason ->
                new RegistryMessage.Ack(
                    RegistryMessage.Status.REJECTED,
                    reason.name(),
                    "seq " + sd.seq() + " of " + key + " is revoked",
                    0));
  }

  /** The revocations held about the peers asked for. */
  public RegistryMessage.Revoked about(RegistryMessage.RevocationsOf q) {
    return new RegistryMessage.Revoked(about(revocations, q.peers()));
  }

  /**
   * What {@code held} says about {@code peers} (each once), encoded, at most {@link
   * RegistryCodec#MAX_REVOCATIONS}: the room is shared out evenly, and what a peer leaves unused
   * goes to the others that have more (water-filling), so revocations about one peer cannot push
   * the others' out of the answer, and none is left out while there is room. Each peer's are asked
   * for only up to {@link Revocations#MAX_ABOUT}, so the work is bounded by the answer's size.
   */
  public static List<Bytes> about(Revocations held, List<PeerId> peers) {
    List<List<SignedRevocation>> of = new ArrayList<>();
    for (PeerId p : new java.util.LinkedHashSet<>(peers)) {
      of.add(held.about(p));
    }
    int[] take = new int[of.size()];
    int room = RegistryCodec.MAX_REVOCATIONS;
    for (boolean more = true; more && room > 0; ) {
      more = false;
      int wanting = 0;
      for (int i = 0; i < of.size(); i++) {
        wanting += take[i] < of.get(i).size() ? 1 : 0;
      }
      int share = wanting == 0 ? 0 : Math.max(1, room / wanting);
      for (int i = 0; i < of.size() && room > 0; i++) {
        int add = Math.min(share, Math.min(room, of.get(i).size() - take[i]));
        take[i] += add;
        room -= add;
        more |= add > 0;
      }
    }
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < of.size(); i++) {
      for (int j = 0; j < take[i]; j++) {
        out.add(of.get(i).get(j).encoded());
      }
    }
    return out;
  }

  private static RegistryMessage.Ack ack(Verdict<?> v, long until) {
    return switch (v) {
      case Verdict.Accepted<?> a ->
          new RegistryMessage.Ack(RegistryMessage.Status.ACCEPTED, "REVOKED", "", until);
      case Verdict.Ignored<?> i ->
          new RegistryMessage.Ack(
              RegistryMessage.Status.IGNORED, i.reason().name(), i.detail(), until);
      case Verdict.Rejected<?> r ->
          new RegistryMessage.Ack(
              RegistryMessage.Status.REJECTED, r.reason().name(), r.detail(), until);
    };
  }

  /** Whether {@code reason} (an Ack's) says a descriptor was refused for a revocation. */
  public static boolean revokedReason(String reason) {
    for (RevocationReason r : RevocationReason.values()) {
      if (r.name().equals(reason)) {
        return true;
      }
    }
    return false;
  }
}
