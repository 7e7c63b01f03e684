package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityState;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The provider side of the registry, sans-I/O: keeps our descriptors alive by re-signing each with
 * a higher seq at about half its TTL (with jitter, so providers don't refresh in lock-step), and
 * tracks what the registry answered so "am I discoverable?" has an answer.
 *
 * <pre>
 *  publish ──► [SENT] ──Ack ACCEPTED──► [REGISTERED] ──refresh timer──► [SENT] …
 *                │  └──Ack REJECTED──► [REFUSED]  (retried at the next refresh)
 *                └── send failed / no Ack ──► retried after retryDelay
 * </pre>
 *
 * A registry restart loses its table; the next refresh (at most one period later) restores it.
 */
public final class RegistryPublisher {

  /** What the runtime must do. */
  public sealed interface Action {
    /** Send {@code message} to the registry; report the answer with {@link #onAck}. */
    record Send(String capabilityId, RegistryMessage message) implements Action {}

    /** Call {@link #onTimer()} at {@code atMillis} (replaces any earlier arming). */
    record ArmTimer(long atMillis) implements Action {}
  }

  private static final class Entry {
    CapabilityDescriptor template;
    // what was last signed and sent, and its signature: the signed form is rebuilt on demand
    // (canonical bytes follow from the descriptor) rather than held, about 1 KB a descriptor that a
    // simulator with 10^6 publishers cannot spare
    CapabilityDescriptor sent;
    Bytes signature;
    boolean registered;
    long expiresAt;
    long nextRefresh;
    Optional<String> lastVerdict = Optional.empty();
  }

  private final Clock clock;
  private final Signer signer;
  private final RandomGenerator random;
  private final long retryDelayMillis;
  private final Map<String, Entry> entries = new TreeMap<>();
  // the last seq each withdrawn capability revoked: a re-publish starts above it, whatever the
  // clock says (registries refuse every seq up to it for a day); the least recent go past a cap.
  // Made at the first withdrawal: most publishers never withdraw (a simulator runs 10^6 of them)
  private Map<String, Long> revokedUpTo; // null until then

  private static Map<String, Long> revokedMap() {
    return new java.util.LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> e) {
        return size() > MAX_REVOKED_REMEMBERED;
      }
    };
  }

  /** Withdrawn capabilities whose last revoked seq is remembered. */
  static final int MAX_REVOKED_REMEMBERED = 1024;

  /** A publisher for {@code signer}'s descriptors; failed sends are retried after the delay. */
  public RegistryPublisher(
      Clock clock, Signer signer, RandomGenerator random, long retryDelayMillis) {
    this.clock = clock;
    this.signer = signer;
    this.random = random;
    this.retryDelayMillis = retryDelayMillis;
  }

  /** Starts publishing {@code template} (peer, issuedAt and seq are filled in at each signing). */
  public List<Action> publish(CapabilityDescriptor template) {
    Entry e = entries.computeIfAbsent(template.id(), id -> new Entry());
    e.template = template;
    return resign(e);
  }

  /** Changes the state the next refresh will announce; nothing is sent now. */
  public void updateState(String capabilityId, CapabilityState state) {
    Entry e = entries.get(capabilityId);
    if (e != null) {
      e.template = e.template.withState(state);
    }
  }

  /** Stops publishing {@code capabilityId} and sends the registry a signed revocation of it. */
  public List<Action> withdraw(String capabilityId) {
    Entry e = entries.remove(capabilityId);
    if (e == null || e.sent == null) {
      return List.of();
    }
    // a signed revocation of every seq sent so far, not a bare Withdraw: registries replicate it
    // to their federation, and a replay of an old seq is refused (docs/revocation.md)
    var revocation =
        new io.ap2p.core.trust.revocation.Revocation.OfDescriptor(
            signer.publicKey(), capabilityId, e.sent.seq(), clock.millis());
    if (revokedUpTo == null) {
      revokedUpTo = revokedMap();
    }
    revokedUpTo.merge(capabilityId, e.sent.seq(), Math::max);
    return List.of(
        new Action.Send(
            capabilityId,
            new RegistryMessage.Revoke(
                io.ap2p.core.trust.revocation.SignedRevocation.sign(revocation, signer)
                    .encoded())));
  }

  /**
   * What to send a registry that answered {@code ack} to {@code sent}: a bare {@code Withdraw} of
   * the same descriptor when {@code sent} was the signed revocation of a withdrawal and the
   * registry did not keep it (a full table, or a registry too old to know revocations), so the
   * descriptor still leaves it at once.
   */
  public static Optional<RegistryMessage.Withdraw> fallback(
      RegistryMessage sent, RegistryMessage.Ack ack) {
    if (!(sent instanceof RegistryMessage.Revoke rv)
        || ack.status() == RegistryMessage.Status.ACCEPTED
        || "DUPLICATE".equals(ack.reason())) {
      return Optional.empty();
    }
    try {
      if (io.ap2p.core.trust.revocation.RevocationCodec.decode(rv.signedRevocation()).revocation()
          instanceof io.ap2p.core.trust.revocation.Revocation.OfDescriptor d) {
        return Optional.of(new RegistryMessage.Withdraw(d.capabilityId(), d.upToSeq()));
      }
    } catch (io.ap2p.core.wire.WireFormatException e) {
      return Optional.empty(); // not one this publisher signed
    }
    return Optional.empty();
  }

  /** The refresh timer fired: re-sign and send every due descriptor, arm the next timer. */
  public List<Action> onTimer() {
    long now = clock.millis();
    List<Action> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.nextRefresh <= now) {
        out.addAll(resignOnly(e));
      }
    }
    out.add(new Action.ArmTimer(nextDeadline()));
    return out;
  }

  /** The registry answered a Register of {@code capabilityId}. */
  public void onAck(String capabilityId, RegistryMessage.Ack ack) {
    Entry e = entries.get(capabilityId);
    if (e == null) {
      return;
    }
    e.lastVerdict = Optional.of(ack.status() + " " + ack.reason() + detail(ack));
    boolean ok =
        ack.status() == RegistryMessage.Status.ACCEPTED
            || (ack.status() == RegistryMessage.Status.IGNORED && "DUPLICATE".equals(ack.reason()));
    e.registered = ok;
    if (ok && ack.expiresAtMillis() > 0) {
      e.expiresAt = ack.expiresAtMillis();
    }
  }

  /**
   * Re-signs and sends {@code capabilityId} now, not at its next refresh: the registry refused it
   * for a reason the runtime has since put right (an identity proof it asked for, say).
   */
  public List<Action> refreshNow(String capabilityId) {
    Entry e = entries.get(capabilityId);
    return e == null ? List.of() : resign(e);
  }

  /** A send of {@code capabilityId} failed (no connection, no answer): retry soon. */
  public List<Action> onSendFailed(String capabilityId) {
    Entry e = entries.get(capabilityId);
    if (e == null) {
      return List.of();
    }
    e.registered = false;
    e.lastVerdict = Optional.of("UNREACHABLE");
    e.nextRefresh = Math.min(e.nextRefresh, clock.millis() + retryDelayMillis);
    return List.of(new Action.ArmTimer(nextDeadline()));
  }

  /** What we publish and whether each is discoverable. */
  public List<PublishStatus> status() {
    List<PublishStatus> out = new ArrayList<>();
    entries.forEach(
        (id, e) ->
            out.add(
                new PublishStatus(
                    id,
                    e.sent == null ? 0 : e.sent.seq(),
                    e.registered,
                    e.expiresAt,
                    e.nextRefresh,
                    e.lastVerdict)));
    return out;
  }

  /**
   * The descriptor last sent for {@code capabilityId}, without rebuilding its signed form (as
   * {@link #current} does): for reading its fields.
   */
  public Optional<CapabilityDescriptor> currentDescriptor(String capabilityId) {
    Entry e = entries.get(capabilityId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.sent);
  }

  /** The signed descriptor last sent for {@code capabilityId}. */
  public Optional<SignedDescriptor> current(String capabilityId) {
    Entry e = entries.get(capabilityId);
    return e == null || e.sent == null
        ? Optional.empty()
        : Optional.of(DescriptorSigning.withSignature(e.sent, e.signature));
  }

  private List<Action> resign(Entry e) {
    List<Action> out = new ArrayList<>(resignOnly(e));
    out.add(new Action.ArmTimer(nextDeadline()));
    return out;
  }

  private List<Action> resignOnly(Entry e) {
    long now = clock.millis();
    CapabilityDescriptor t = e.template;
    long seq = Math.max(now, e.sent == null ? 0 : e.sent.seq() + 1);
    Long revoked = revokedUpTo == null ? null : revokedUpTo.get(t.id());
    if (revoked != null) {
      seq = Math.max(seq, revoked + 1);
    }
    CapabilityDescriptor d = t.issuedAs(signer.peerId(), seq, Instant.ofEpochMilli(now));
    SignedDescriptor signed = DescriptorSigning.sign(d, signer);
    e.sent = d;
    e.signature = signed.signature();
    long ttl = t.ttlSeconds() * 1000;
    double jitter = 0.9 + 0.2 * random.nextDouble(); // 45%..55% of the TTL
    e.nextRefresh = now + Math.max(1, (long) (ttl * 0.5 * jitter));
    return List.of(new Action.Send(t.id(), new RegistryMessage.Register(signed.toJsonBytes())));
  }

  private long nextDeadline() {
    long next = Long.MAX_VALUE;
    for (Entry e : entries.values()) {
      next = Math.min(next, e.nextRefresh);
    }
    return next;
  }

  private static String detail(RegistryMessage.Ack ack) {
    return ack.detail().isEmpty() ? "" : ": " + ack.detail();
  }
}
