package io.ap2p.net.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.Bytes;

/**
 * Multiaddrs from identify, kad and descriptors, binary and text: each parses or is refused with a
 * {@link MultiaddrException}, and what parses converts both ways to the same address.
 */
class MultiaddrFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void parseRefusesOrRoundTrips(FuzzedDataProvider data) throws MultiaddrException {
    boolean binary = data.consumeBoolean();
    Multiaddr a;
    try {
      a =
          binary
              ? Multiaddr.fromBytes(Bytes.wrap(data.consumeRemainingAsBytes()))
              : Multiaddr.parse(data.consumeRemainingAsString());
    } catch (MultiaddrException e) {
      return;
    }
    assertThat(Multiaddr.fromBytes(a.toBytes())).isEqualTo(a);
    assertThat(Multiaddr.parse(a.toString())).isEqualTo(a);
  }
}
