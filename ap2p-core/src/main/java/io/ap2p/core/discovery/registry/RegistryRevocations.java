package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.DescriptorKey;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationReason;
import io.ap2p.core.trust.revocation.RevocationValidator;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
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

  /** Revocations over {@code table}, on {@code clock}, bounded by {@code limits}. */
  public RegistryRevocations(Clock clock, SoftStateTable table, Revocations.Limits limits) {
    this.table = table;
    this.revocations = new Revocations(clock, limits);
    this.validator = new RevocationValidator(clock, limits);
  }

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
    Verdict<SignedRevocation> v = validator.validate(encoded);
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
    List<Bytes> out = new ArrayList<>();
    for (PeerId p : q.peers()) {
      for (SignedRevocation s : revocations.about(p)) {
        if (out.size() < RegistryCodec.MAX_REVOCATIONS) {
          out.add(s.encoded());
        }
      }
    }
    return new RegistryMessage.Revoked(out);
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
