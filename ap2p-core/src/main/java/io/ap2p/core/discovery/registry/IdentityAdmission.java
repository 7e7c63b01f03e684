package io.ap2p.core.discovery.registry;

import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's price on identities: before it judges a registration, the sender (the authenticated
 * remote peer, or for a replicated one the descriptor's signer) must have proven an {@link
 * IdentityProof} of the required bits. A proof is checked once (one hash) and kept with its peer,
 * at most {@code cap} of them (the least recently seen forgotten first, then asked again), so
 * refreshes cost nothing. Not thread-safe: the registry's lock guards it.
 */
final class IdentityAdmission {

  private final int bits;
  private final Map<PeerId, Bytes> proven;

  /** Requires {@code bits} (0: every sender passes), remembering at most {@code cap} peers. */
  IdentityAdmission(int bits, int cap) {
    this.bits = IdentityProof.checkBits(bits);
    this.proven =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<PeerId, Bytes> e) {
            return size() > cap;
          }
        };
  }

  /** The bits required, 0 when none. */
  int bits() {
    return bits;
  }

  /**
   * The refusal for a registration of {@code sender} carrying {@code proof} (possibly empty), or
   * empty when it may go on to be judged.
   */
  Optional<RegistryMessage.Ack> refusal(PeerId sender, Bytes proof) {
    if (bits == 0 || proven.get(sender) != null) {
      return Optional.empty();
    }
    if (proof.length() == 0) {
      return Optional.of(
          refuse(
              RegistryReason.IDENTITY_PROOF_REQUIRED,
              "this registry requires an identity proof of " + bits + " bits"));
    }
    int got = IdentityProof.bits(sender, proof);
    if (got < bits) {
      return Optional.of(
          refuse(
              RegistryReason.IDENTITY_PROOF_INVALID,
              proof.length() != IdentityProof.BYTES
                  ? "an identity proof has "
                      + IdentityProof.BYTES
                      + " bytes, not "
                      + proof.length()
                      + "; "
                      + bits
                      + " bits required"
                  : "the identity proof gives "
                      + got
                      + " bits for this peer; "
                      + bits
                      + " required"));
    }
    proven.put(sender, proof);
    return Optional.empty();
  }

  /**
   * The proof remembered for {@code peer} (checked when it came), or empty: replicas are sent it
   * with the peer's descriptors, and check it themselves.
   */
  Bytes proofOf(PeerId peer) {
    Bytes p = proven.get(peer);
    return p == null ? Bytes.EMPTY : p;
  }

  /** Peers whose proof is remembered now. */
  int remembered() {
    return proven.size();
  }

  private RegistryMessage.Ack refuse(RegistryReason reason, String detail) {
    return new RegistryMessage.Ack(RegistryMessage.Status.REJECTED, reason.name(), detail, 0, bits);
  }
}
