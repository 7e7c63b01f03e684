package io.ap2p.net.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import java.net.InetSocketAddress;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MultiaddrTest {

  static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

  @Test
  void textRoundTripsAndMatchesTheSpecsBinaryForm() throws Exception {
    // multiaddr spec examples: /ip4/127.0.0.1/tcp/4001 = 04 7f000001 06 0fa1
    Multiaddr m = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    assertThat(m.toBytes()).isEqualTo(Bytes.fromHex("047f000001060fa1"));
    assertThat(Multiaddr.fromBytes(m.toBytes())).isEqualTo(m);
    assertThat(m.toString()).isEqualTo("/ip4/127.0.0.1/tcp/4001");
    for (String s :
        new String[] {
          "/ip6/::1/tcp/0",
          "/ip6/2001:db8::8a2e:370:7334/tcp/443",
          "/dns4/example.com/tcp/80",
          "/dns/node-1.example.org/tcp/4001/p2p/" + PEER,
          "/ip4/10.0.0.1/tcp/65535/p2p/" + PEER
        }) {
      Multiaddr a = Multiaddr.parse(s);
      assertThat(a.toString()).isEqualTo(s);
      assertThat(Multiaddr.fromBytes(a.toBytes())).isEqualTo(a);
    }
    assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/1/ipfs/" + PEER).toString())
        .isEqualTo("/ip4/1.2.3.4/tcp/1/p2p/" + PEER);
    assertThat(Multiaddr.parse("/ip6/0:0:0:0:0:0:0:1/tcp/1").toString())
        .isEqualTo("/ip6/::1/tcp/1");
  }

  @Test
  void peerIdsAndEndpoints() throws Exception {
    PrivateKey k = PrivateKey.fromSeed(Bytes.wrap(new byte[32]));
    Multiaddr base = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    Multiaddr full = base.withPeerId(k.peerId());
    assertThat(full.peerId()).contains(k.peerId());
    assertThat(full.withoutPeerId()).isEqualTo(base);
    assertThat(base.peerId()).isEmpty();
    assertThat(full.tcpEndpoint()).isEqualTo(new InetSocketAddress("127.0.0.1", 4001));
    assertThat(Multiaddr.parse("/dns4/localhost/tcp/9").tcpEndpoint().isUnresolved()).isTrue();
    assertThat(Multiaddr.tcp(new InetSocketAddress("127.0.0.1", 7)))
        .isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/7"));
    assertThatThrownBy(() -> Multiaddr.parse("/p2p/" + PEER).tcpEndpoint())
        .hasMessageContaining("not a TCP address");
  }

  @Test
  void badTextNamesThePartAtFault() {
    assertThatThrownBy(() -> Multiaddr.parse("ip4/1.2.3.4")).hasMessageContaining("start with '/'");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3"))
        .hasMessageContaining("bad /ip4 address '1.2.3'");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.256")).hasMessageContaining("bad /ip4");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/01.2.3.4")).hasMessageContaining("bad /ip4");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp/70000"))
        .hasMessageContaining("bad /tcp port");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp"))
        .hasMessageContaining("/tcp needs a value");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/udp/1"))
        .hasMessageContaining("unsupported protocol 'udp'");
    assertThatThrownBy(() -> Multiaddr.parse("/ip6/example.com")).hasMessageContaining("bad /ip6");
    assertThatThrownBy(() -> Multiaddr.parse("/dns4/bad_name!/tcp/1"))
        .hasMessageContaining("bad /dns4 name");
    assertThatThrownBy(() -> Multiaddr.parse("/p2p/notapeer"))
        .hasMessageContaining("bad /p2p peer id");
    assertThatThrownBy(() -> Multiaddr.parse("/")).isInstanceOf(MultiaddrException.class);
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.1.1.1".repeat(200)))
        .hasMessageContaining("longer than");
    assertThatThrownBy(() -> Multiaddr.parse("/dns/a/tcp/1".repeat(9)))
        .hasMessageContaining("more than 16");
  }

  @Test
  void truncatedBinaryIsRefused() throws Exception {
    byte[] b = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER).toBytes().toByteArray();
    for (int n = 1; n < b.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(b, n);
      try {
        Multiaddr m = Multiaddr.fromBytes(Bytes.wrap(cut));
        // a prefix that ends exactly on a component boundary is a valid, shorter multiaddr
        assertThat(b.length).isGreaterThan(cut.length);
        assertThat(m.components()).isNotEmpty();
      } catch (MultiaddrException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThatThrownBy(() -> Multiaddr.fromBytes(Bytes.wrap(new byte[0])))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Multiaddr.fromBytes(Bytes.fromHex("9102")))
        .hasMessageContaining("unsupported protocol code");
  }

  @Property(tries = 500)
  void randomBytesNeverThrowAnythingElse(@ForAll byte[] junk) {
    try {
      Multiaddr m = Multiaddr.fromBytes(Bytes.wrap(junk));
      assertThat(Multiaddr.fromBytes(m.toBytes())).isEqualTo(m);
    } catch (MultiaddrException expected) {
      // refused with a message
    }
  }

  @Test
  void randomTextNeverThrowsAnythingElse() {
    Random r = new Random(1);
    String alphabet = "/ip46tcdnsp2:0123456789.abcdef";
    for (int i = 0; i < 5000; i++) {
      StringBuilder sb = new StringBuilder("/");
      for (int j = r.nextInt(40); j > 0; j--) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      try {
        Multiaddr.parse(sb.toString());
      } catch (MultiaddrException expected) {
        // fine
      }
    }
  }
}
