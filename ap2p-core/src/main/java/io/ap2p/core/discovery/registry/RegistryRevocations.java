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
  // keys and descriptors the table held, most recently admitted last, at most maxEntries of each:
  // with what the table holds now, what this registry has a use for revocations of
  private final Map<PeerId, Boolean> heldPeers;
  private final Map<DescriptorKey, Boolean> heldDescriptors;
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
    this.heldPeers = recent(limits.maxEntries());
    this.heldDescriptors = recent(limits.maxEntries());
    table.addListener(
        new SoftStateTable.Listener() {
          @Override
          public void added(SignedDescriptor d) {
            heldPeers.put(d.descriptor().peer(), Boolean.TRUE);
            heldDescriptors.put(d.key(), Boolean.TRUE);
          }
        });
    revocations.favour(this::ofUse);
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
   * Whether this registry has a use for {@code r}: it holds or held (among the most recent {@code
   * maxEntries}) the revoked descriptor, or a descriptor of the revoked key. Others are kept only
   * while there is room, and go first (see {@link Revocations#favour}).
   */
  private boolean ofUse(Revocation r) {
    if (r instanceof Revocation.OfDescriptor d) {
      return table.get(d.descriptor()).isPresent() || heldDescriptors.containsKey(d.descriptor());
    }
    return heldPeers.containsKey(r.peer()) || !table.byPeer(r.peer()).isEmpty();
  }

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
   * What {@code held} says about {@code peers}, encoded, at most {@link
   * RegistryCodec#MAX_REVOCATIONS}: each peer gets an equal share (what one leaves unused goes to
   * the next), so revocations about one peer cannot push the others' out of the answer.
   */
  public static List<Bytes> about(Revocations held, List<PeerId> peers) {
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      int share = (RegistryCodec.MAX_REVOCATIONS - out.size()) / (peers.size() - i);
      List<SignedRevocation> of = held.about(peers.get(i));
      for (int j = 0; j < of.size() && j < share; j++) {
        out.add(of.get(j).encoded());
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
