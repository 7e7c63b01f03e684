package io.ap2p.core.discovery;

import io.ap2p.core.identity.PeerId;
import java.util.List;

/**
 * Which verification a provider supports.
 *
 * @param canaries it answers canary tasks like real ones (Tier 2)
 * @param receipts it returns signed receipts with results (Tier 3)
 * @param attestation it can present third-party attestation
 * @param attestors the keys (as peer ids) of the attestors it can present
 */
public record VerificationSupport(
    boolean canaries, boolean receipts, boolean attestation, List<PeerId> attestors) {

  /** Nothing supported. */
  public static final VerificationSupport NONE =
      new VerificationSupport(false, false, false, List.of());

  /** Copies the list; attestors only with attestation. */
  public VerificationSupport {
    attestors = List.copyOf(attestors);
    if (!attestation && !attestors.isEmpty()) {
      throw new IllegalArgumentException("attestors listed without attestation support");
    }
  }

  /** The highest tier this support enables: 3 with receipts, 2 with canaries, else 1. */
  public int maxTier() {
    return receipts ? 3 : canaries ? 2 : 1;
  }
}
