package io.ap2p.net.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.WireFormatException;

/**
 * Pubsub RPCs from a remote peer: every input decodes or is refused with a {@link
 * WireFormatException}, and what decodes re-encodes to an RPC that decodes the same; StrictSign
 * verification of every decoded message gives a verdict, never an exception.
 */
class RpcCodecFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(byte[] input) throws WireFormatException {
    Rpc r;
    try {
      r = RpcCodec.decode(input, RpcLimits.DEFAULTS);
    } catch (WireFormatException e) {
      return;
    }
    assertThat(RpcCodec.decode(RpcCodec.encode(r), RpcLimits.DEFAULTS)).isEqualTo(r);
    for (PubsubMessage m : r.publish()) {
      assertThat(MessageSigning.verify(m)).isNotNull();
    }
  }
}
