package io.ap2p.core.discovery.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * Kademlia messages from a remote peer: every input decodes or is refused with a {@link
 * WireFormatException}, and what decodes re-encodes to a message that decodes the same.
 */
class KadCodecFuzzTest {

  private static final KadCodec CODEC = new KadCodec(KadLimits.DEFAULTS);

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(byte[] input) throws WireFormatException {
    KadMessage m;
    try {
      m = CODEC.decode(Bytes.wrap(input));
    } catch (WireFormatException e) {
      return;
    }
    assertThat(CODEC.decode(CODEC.encode(m))).isEqualTo(m);
  }
}
