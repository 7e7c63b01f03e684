package io.ap2p.core.execution;

import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;

/** What a provider returned for a task: the output and, where it gives one, a receipt. */
public record TaskResult(Bytes output, Optional<SignedReceipt> receipt) {

  /** Approximate size on the wire. */
  public int encodedSize() {
    return output.length() + receipt.map(SignedReceipt::encodedSize).orElse(0) + 4;
  }
}
