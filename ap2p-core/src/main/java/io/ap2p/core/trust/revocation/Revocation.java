package io.ap2p.core.trust.revocation;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorKey;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;

/**
 * What a revocation says, before it is signed: a key withdraws one of its descriptors for good
 * ({@link OfDescriptor}), hands its identity over to a successor key ({@link Rotation}), or
 * declares itself compromised ({@link Compromise}). See docs/revocation.md for the semantics.
 */
public sealed interface Revocation {

  /** The key that signs this revocation and whose descriptors or identity it revokes. */
  PublicKey key();

  /** When the key signed it, epoch milliseconds. */
  long issuedAtMillis();

  /** The revoked key's peer id. */
  default PeerId peer() {
    return key().peerId();
  }

  /** The wire number of this kind. */
  int kind();

  /**
   * Every seq up to and including {@code upToSeq} of the key's descriptor {@code capabilityId} is
   * revoked; a later re-publish with a higher seq is not affected.
   */
  record OfDescriptor(PublicKey key, String capabilityId, long upToSeq, long issuedAtMillis)
      implements Revocation {
    /** Checks the id and ranges. */
    public OfDescriptor {
      if (!CapabilityDescriptor.isValidId(capabilityId)) {
        throw new IllegalArgumentException("not a capability id: " + capabilityId);
      }
      if (upToSeq < 0 || issuedAtMillis < 0) {
        throw new IllegalArgumentException("seq and time must not be negative");
      }
    }

    /** The revoked descriptor's key. */
    public DescriptorKey descriptor() {
      return new DescriptorKey(peer(), capabilityId);
    }

    @Override
    public int kind() {
      return 1;
    }
  }

  /**
   * The key hands its identity over to {@code successor}: its descriptors are revoked and what
   * others know of it (reputation, reciprocity) belongs to the successor from now on. Valid only
   * with the successor's countersignature.
   */
  record Rotation(PublicKey key, PublicKey successor, long issuedAtMillis) implements Revocation {
    /** Checks that the successor is another key. */
    public Rotation {
      if (key.equals(successor)) {
        throw new IllegalArgumentException("a key cannot succeed itself");
      }
      if (issuedAtMillis < 0) {
        throw new IllegalArgumentException("time must not be negative");
      }
    }

    @Override
    public int kind() {
      return 2;
    }
  }

  /**
   * The key is compromised: every descriptor it signed is refused, it is never chosen again, and a
   * hand-over it signed is void (its successor is refused too: nobody can tell the owner's
   * hand-over from a thief's).
   */
  record Compromise(PublicKey key, long issuedAtMillis) implements Revocation {
    /** Checks the time. */
    public Compromise {
      if (issuedAtMillis < 0) {
        throw new IllegalArgumentException("time must not be negative");
      }
    }

    @Override
    public int kind() {
      return 3;
    }
  }
}
