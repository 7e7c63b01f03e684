package io.ap2p.node.execution;

import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import java.time.Duration;

/**
 * Has a provider's receipt countersigned before it goes out: by the attestor the node was given
 * ({@code --attestor-peer}), or not at all ({@link #NONE}).
 */
public interface ReceiptAttestor {

  /** No attestor: receipts go out as the provider signed them. */
  ReceiptAttestor NONE = (r, capability, mediaType, input, output, budget) -> r;

  /**
   * {@code r} countersigned, or {@code r} unchanged when the attestor refused, failed or did not
   * answer within {@code budget}; never throws for what the attestor does.
   */
  SignedReceipt attest(
      SignedReceipt r,
      String capability,
      String mediaType,
      Bytes input,
      Bytes output,
      Duration budget);
}
