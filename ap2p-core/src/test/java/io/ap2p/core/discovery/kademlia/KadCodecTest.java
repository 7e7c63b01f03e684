package io.ap2p.core.discovery.kademlia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The kad-dht protobuf: golden bytes, round trips and hostile input. */
class KadCodecTest {

  final KadCodec codec = new KadCodec(KadLimits.DEFAULTS);
  final List<PeerId> peers = KadTestPeers.make(3, 42);
  // /ip4/127.0.0.1/tcp/4001 in binary multiaddr form
  final Bytes addr = Bytes.fromHex("047f000001060fa1");

  KadMessage sample() {
    Bytes key = CapabilityKeys.of(new CapabilityTag("image.generate"));
    return new KadMessage(
        KadMessage.Type.GET_PROVIDERS,
        key,
        Optional.empty(),
        List.of(new KadPeer(peers.get(0), List.of(addr), KadPeer.Connection.CONNECTED)),
        List.of(new KadPeer(peers.get(1), List.of(), KadPeer.Connection.NOT_CONNECTED)));
  }

  @Test
  void encodingIsFrozenByAGoldenFile() throws Exception {
    String hex;
    try (InputStream in =
        getClass().getResourceAsStream("/wire/kad/v1/get-providers-response.hex")) {
      hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
    assertThat(codec.encode(sample()).toHex()).isEqualTo(hex);
    assertThat(codec.decode(Bytes.fromHex(hex))).isEqualTo(sample());
  }

  @Test
  void findNodeAndRecordsRoundTrip() throws Exception {
    KadMessage m =
        new KadMessage(
            KadMessage.Type.PUT_VALUE,
            Bytes.fromHex("0102"),
            Optional.of(new KadMessage.KadRecord(Bytes.fromHex("0102"), Bytes.fromHex("ff"), "t")),
            List.of(),
            List.of());
    assertThat(codec.decode(codec.encode(m))).isEqualTo(m);
    KadMessage find = KadMessage.request(KadMessage.Type.FIND_NODE, peers.get(2).multihash());
    assertThat(codec.decode(codec.encode(find))).isEqualTo(find);
  }

  @Test
  void everyTruncationFailsCleanlyOrDecodesAPrefixMessage() {
    byte[] full = codec.encode(sample()).toByteArray();
    for (int len = 0; len < full.length; len++) {
      try {
        KadMessage m = codec.decode(Bytes.of(full, 0, len));
        assertThat(m).isNotEqualTo(sample()); // a cut on a field boundary is a shorter message
      } catch (WireFormatException expected) {
        // truncated inside a field
      }
    }
  }

  @Test
  void limitsHold() {
    KadCodec tight = new KadCodec(new KadLimits(64 * 1024, 2, 1, 8, 40, 16));
    List<KadPeer> many = new ArrayList<>();
    for (PeerId p : KadTestPeers.make(3, 1)) {
      many.add(new KadPeer(p, List.of(), KadPeer.Connection.NOT_CONNECTED));
    }
    KadMessage tooMany =
        new KadMessage(
            KadMessage.Type.FIND_NODE, Bytes.fromHex("00"), Optional.empty(), many, List.of());
    assertThatThrownBy(() -> tight.decode(codec.encode(tooMany)))
        .hasMessageContaining("more than 2");

    KadMessage twoAddrs =
        new KadMessage(
            KadMessage.Type.FIND_NODE,
            Bytes.fromHex("00"),
            Optional.empty(),
            List.of(new KadPeer(peers.get(0), List.of(addr, addr), KadPeer.Connection.CONNECTED)),
            List.of());
    assertThatThrownBy(() -> tight.decode(codec.encode(twoAddrs)))
        .hasMessageContaining("addresses");

    KadMessage bigKey = KadMessage.request(KadMessage.Type.GET_PROVIDERS, Bytes.wrap(new byte[41]));
    assertThatThrownBy(() -> tight.decode(codec.encode(bigKey))).hasMessageContaining("longer");

    assertThatThrownBy(() -> codec.decode(Bytes.wrap(new byte[64 * 1024 + 1])))
        .hasMessageContaining("over");
  }

  @Test
  void forgedFieldsAreRejected() {
    // type 9 does not exist
    assertThatThrownBy(() -> codec.decode(Bytes.fromHex("0809"))).hasMessageContaining("type");
    // a closer peer whose id is not a multihash
    assertThatThrownBy(() -> codec.decode(Bytes.fromHex("0804" + "4204" + "0a020102")))
        .hasMessageContaining("peer id");
    // a closer peer without an id
    assertThatThrownBy(() -> codec.decode(Bytes.fromHex("0804" + "4200")))
        .hasMessageContaining("without an id");
  }

  @Property(tries = 300)
  void encodedSizeIsTheLengthOfTheEncoding(@ForAll long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    KadMessage.Type[] types = KadMessage.Type.values();
    KadPeer.Connection[] connections = KadPeer.Connection.values();
    java.util.function.Supplier<Bytes> bytes =
        () -> {
          byte[] b = new byte[r.nextInt(0, 300)]; // lengths across the one/two-byte varint edge
          r.nextBytes(b);
          return Bytes.wrap(b);
        };
    java.util.function.Supplier<List<KadPeer>> somePeers =
        () -> {
          List<KadPeer> out = new java.util.ArrayList<>();
          for (int i = r.nextInt(0, 4); i > 0; i--) {
            List<Bytes> addrs = new java.util.ArrayList<>();
            for (int j = r.nextInt(0, 3); j > 0; j--) {
              addrs.add(bytes.get());
            }
            out.add(
                new KadPeer(
                    peers.get(r.nextInt(peers.size())),
                    addrs,
                    connections[r.nextInt(connections.length)]));
          }
          return out;
        };
    KadMessage m =
        new KadMessage(
            types[r.nextInt(types.length)],
            r.nextBoolean() ? Bytes.EMPTY : bytes.get(),
            r.nextBoolean()
                ? Optional.empty()
                : Optional.of(
                    new KadMessage.KadRecord(
                        bytes.get(), bytes.get(), r.nextBoolean() ? "" : "2026-12-01T00:00:00Z")),
            somePeers.get(),
            somePeers.get());
    assertThat(codec.encodedSize(m)).isEqualTo(codec.encode(m).length());
  }

  @Property(tries = 500)
  void randomBytesNeverThrowAnythingElse(@ForAll byte[] junk) {
    try {
      codec.decode(Bytes.wrap(junk));
    } catch (WireFormatException expected) {
      // rejected with a reason
    }
  }
}
