package io.ap2p.core.trust.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * Attestation messages from a remote peer: every input decodes or is refused with a {@link
 * WireFormatException}, and what decodes re-encodes to a message that decodes the same.
 */
class AttestCodecFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(byte[] input) throws WireFormatException {
    AttestMessage m;
    try {
      m = AttestCodec.decode(Bytes.wrap(input));
    } catch (WireFormatException e) {
      return;
    }
    assertThat(AttestCodec.decode(AttestCodec.encode(m))).isEqualTo(m);
  }
}
