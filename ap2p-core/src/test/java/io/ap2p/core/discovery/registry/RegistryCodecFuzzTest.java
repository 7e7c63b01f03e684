package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * Registry messages from a remote peer: every input decodes or is refused with a {@link
 * WireFormatException}, and what decodes re-encodes to a message that decodes the same.
 */
class RegistryCodecFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(byte[] input) throws WireFormatException {
    RegistryMessage m;
    try {
      m = RegistryCodec.decode(Bytes.wrap(input));
    } catch (WireFormatException e) {
      return; // refused with a reason: what a peer sees
    }
    assertThat(RegistryCodec.decode(RegistryCodec.encode(m))).isEqualTo(m);
  }
}
