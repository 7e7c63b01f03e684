package io.ap2p.net.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.WireFormatException;

/**
 * Identify records from a remote peer: every input decodes or is refused with a {@link
 * WireFormatException}, and what decodes re-encodes to a record that decodes the same.
 */
class IdentifyRecordFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(byte[] input) throws WireFormatException {
    IdentifyRecord r;
    try {
      r = IdentifyRecord.decode(input);
    } catch (WireFormatException e) {
      return;
    }
    assertThat(IdentifyRecord.decode(r.encode())).isEqualTo(r);
  }
}
