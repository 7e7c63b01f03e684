package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * Sync messages from a peer registry (pages with identity proofs among them): every input decodes
 * or is refused with a {@link WireFormatException}, and what decodes re-encodes to a message that
 * decodes the same.
 */
class SyncMessageFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(byte[] input) throws WireFormatException {
    SyncMessage m;
    try {
      m = SyncMessage.decode(Bytes.wrap(input));
    } catch (WireFormatException e) {
      return; // refused with a reason: what a peer sees
    }
    assertThat(SyncMessage.decode(SyncMessage.encode(m))).isEqualTo(m);
  }
}
