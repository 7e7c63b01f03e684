package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.wire.Bytes;
import java.util.List;

/**
 * A message of the registry protocol {@code /ap2p/registry/1.0.0}. Descriptors travel as their
 * signed JSON bytes and are validated by whoever receives them.
 */
public sealed interface RegistryMessage {

  /** Size of this message on the wire, from the real encoder. */
  default int encodedSize() {
    return RegistryCodec.encode(this).length();
  }

  /**
   * Publish or refresh one signed descriptor; the sender must be the descriptor's peer.
   *
   * @param signedDescriptor the signed descriptor's JSON
   * @param identityProof the sender's {@link io.ap2p.core.identity.IdentityProof} counter, or empty
   *     (a registry that asks for none ignores it)
   */
  record Register(Bytes signedDescriptor, Bytes identityProof) implements RegistryMessage {

    /** A registration without an identity proof. */
    public Register(Bytes signedDescriptor) {
      this(signedDescriptor, Bytes.EMPTY);
    }

    /** Checks the proof's size ({@link RegistryCodec#MAX_IDENTITY_PROOF} at most). */
    public Register {
      if (identityProof.length() > RegistryCodec.MAX_IDENTITY_PROOF) {
        throw new IllegalArgumentException(
            "identity proof over " + RegistryCodec.MAX_IDENTITY_PROOF + " bytes");
      }
    }

    /** Size on the wire, computed without encoding (registrations are most of the traffic). */
    @Override
    public int encodedSize() {
      return RegistryCodec.registerSize(this);
    }
  }

  /** Withdraw the sender's descriptor {@code capabilityId} up to and including {@code seq}. */
  record Withdraw(String capabilityId, long seq) implements RegistryMessage {}

  /** Ask for ranked matches of a query. */
  record Find(Query query) implements RegistryMessage {}

  /**
   * The registry's verdict on a Register or Withdraw.
   *
   * @param status accepted, ignored or rejected
   * @param reason the reason code (a {@code DescriptorReason} or {@link RegistryReason} name)
   * @param detail a human-readable explanation, may be empty
   * @param expiresAtMillis when the registered descriptor expires, 0 when not applicable
   * @param identityBits with an identity-proof refusal ({@link
   *     RegistryReason#IDENTITY_PROOF_REQUIRED} or {@link RegistryReason#IDENTITY_PROOF_INVALID}),
   *     the bits the registry requires (0 to {@link RegistryCodec#MAX_ASKED_BITS}: a registry here
   *     asks at most 32, a client mints no more than its own maximum), so the publisher can mint a
   *     proof and retry; else 0
   */
  record Ack(Status status, String reason, String detail, long expiresAtMillis, int identityBits)
      implements RegistryMessage {

    /** An Ack that asks for no identity proof. */
    public Ack(Status status, String reason, String detail, long expiresAtMillis) {
      this(status, reason, detail, expiresAtMillis, 0);
    }

    /**
     * Checks the bits' range (0 to {@link RegistryCodec#MAX_ASKED_BITS}) and that the expiry is not
     * negative (a varint cannot carry one, so every Ack can be encoded and sized).
     */
    public Ack {
      if (expiresAtMillis < 0) {
        throw new IllegalArgumentException(
            "expiresAtMillis must be non-negative: " + expiresAtMillis);
      }
      if (identityBits < 0 || identityBits > RegistryCodec.MAX_ASKED_BITS) {
        throw new IllegalArgumentException(
            "identity bits must be 0 to " + RegistryCodec.MAX_ASKED_BITS + ", not " + identityBits);
      }
    }

    /** Size on the wire, computed without encoding (every registration is answered by one). */
    @Override
    public int encodedSize() {
      return RegistryCodec.ackSize(this);
    }
  }

  /** Matches of a Find, best first, as signed descriptor bytes (verify each before use). */
  record Found(List<Bytes> descriptors) implements RegistryMessage {
    /** Copies the list. */
    public Found {
      descriptors = List.copyOf(descriptors);
    }

    /** Size on the wire, computed without encoding (answers are the largest messages). */
    @Override
    public int encodedSize() {
      return RegistryCodec.foundSize(this);
    }
  }

  /**
   * A signed revocation ({@code io.ap2p.core.trust.revocation}) of a descriptor or an identity; any
   * peer may send one (its signatures, not the sender, authenticate it). Answered by an Ack.
   */
  record Revoke(Bytes signedRevocation) implements RegistryMessage {}

  /** Ask which revocations the registry holds about these peers (at most 100). */
  record RevocationsOf(List<io.ap2p.core.identity.PeerId> peers) implements RegistryMessage {
    /** Copies the list. */
    public RevocationsOf {
      peers = List.copyOf(peers);
    }
  }

  /** The answer to RevocationsOf: signed revocations (verify each before use). */
  record Revoked(List<Bytes> revocations) implements RegistryMessage {
    /** Copies the list. */
    public Revoked {
      revocations = List.copyOf(revocations);
    }
  }

  /** Outcome of a request. */
  enum Status {
    /** Done. */
    ACCEPTED,
    /** Nothing to do (a duplicate, an unknown id). */
    IGNORED,
    /** Refused; the reason says why. */
    REJECTED
  }
}
