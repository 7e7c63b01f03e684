package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * Signed receipts from a remote peer: every input decodes or is refused with a {@link
 * WireFormatException}, and what decodes re-encodes to the same receipt.
 */
class ReceiptCodecFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(byte[] input) throws WireFormatException {
    SignedReceipt r;
    try {
      r = ReceiptCodec.decode(Bytes.wrap(input));
    } catch (WireFormatException e) {
      return;
    }
    assertThat(ReceiptCodec.decode(ReceiptCodec.encode(r))).isEqualTo(r);
  }
}
