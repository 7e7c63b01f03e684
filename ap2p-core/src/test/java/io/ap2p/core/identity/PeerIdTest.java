package io.ap2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.wire.Bytes;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Peer ids against the libp2p peer-ids spec's vectors and examples. */
class PeerIdTest {

  // peer-ids spec, "Test vectors": an Ed25519 key pair in the protobuf encoding.
  static final String SPEC_PRIVATE =
      "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  static final String SPEC_PUBLIC =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

  @Test
  void specPrivateKeyVectorYieldsSpecPublicKey() throws Exception {
    PrivateKey key = PrivateKey.fromProtobuf(Bytes.fromHex(SPEC_PRIVATE));
    assertThat(key.publicKey().protobuf().toHex()).isEqualTo(SPEC_PUBLIC);
    assertThat(key.exportProtobuf().toHex()).isEqualTo(SPEC_PRIVATE);
  }

  @Test
  void specPublicKeyGivesAnIdentityPeerIdThatRoundTrips() throws Exception {
    PrivateKey key = PrivateKey.fromProtobuf(Bytes.fromHex(SPEC_PRIVATE));
    PeerId id = key.peerId();
    assertThat(id.multihash().toHex()).isEqualTo("0024" + SPEC_PUBLIC);
    assertThat(id.toBase58()).startsWith("12D3KooW");
    assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
    assertThat(PeerId.parse(id.toCid())).isEqualTo(id);
    assertThat(id.publicKey()).contains(key.publicKey());
  }

  @Test
  void specExampleEd25519IdParsesAndCarriesItsKey() throws Exception {
    String text = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    PeerId id = PeerId.parse(text);
    assertThat(id.toBase58()).isEqualTo(text);
    assertThat(id.publicKey()).isPresent();
    assertThat(id.publicKey().orElseThrow().peerId()).isEqualTo(id);
  }

  @Test
  void specExampleShaIdInBothFormsIsTheSamePeer() throws Exception {
    PeerId bare = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    assertThat(cid).isEqualTo(bare);
    assertThat(bare.publicKey()).isEmpty();
    assertThat(bare.toCid())
        .isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
  }

  @Test
  void reparsingIsCheapAndEqualAndNeverCachesAFailure() throws Exception {
    String text = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    PeerId first = PeerId.parse(text);
    assertThat(PeerId.parse(text)).isSameAs(first); // the second parse is cached
    // 10,000 fresh ids (more than both generations hold) cannot flush an id in steady use
    for (int i = 0; i < 10_000; i++) {
      PrivateKey k =
          PrivateKey.fromSeed(Bytes.wrap(java.nio.ByteBuffer.allocate(32).putInt(i).array()));
      assertThat(PeerId.parse(k.peerId().toBase58())).isEqualTo(k.peerId());
      if (i % 1000 == 0) {
        assertThat(PeerId.parse(text)).isSameAs(first);
      }
    }
    assertThat(PeerId.parse(text)).isSameAs(first);
    assertThat(PeerId.parse(text).publicKey()).isEqualTo(first.publicKey());
    String broken = text.substring(0, 20) + "0" + text.substring(21); // not base58
    assertThatThrownBy(() -> PeerId.parse(broken)).isInstanceOf(KeyFormatException.class);
    assertThatThrownBy(() -> PeerId.parse(broken)).isInstanceOf(KeyFormatException.class);
  }

  @Test
  void hostileTextIsRejectedWithAReason() {
    assertThatThrownBy(() -> PeerId.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> PeerId.parse("12D3KooW0OIl"))
        .hasMessageContaining("invalid character");
    assertThatThrownBy(() -> PeerId.parse("x" + "a".repeat(200))).hasMessageContaining("longer");
    assertThatThrownBy(() -> PeerId.parse("yabc")).hasMessageContaining("multibase");
    // a valid CID with the wrong codec (dag-pb 0x70)
    assertThatThrownBy(
            () -> PeerId.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"))
        .hasMessageContaining("libp2p-key");
    // truncated id
    String good = PrivateKey.generate(new SecureRandom()).peerId().toBase58();
    assertThatThrownBy(() -> PeerId.parse(good.substring(0, good.length() - 3)))
        .isInstanceOf(KeyFormatException.class);
  }

  @Property(tries = 50)
  void everyGeneratedKeyRoundTrips(@ForAll @Size(32) byte[] seed) throws Exception {
    PrivateKey key = PrivateKey.fromSeed(Bytes.of(seed));
    PeerId id = key.peerId();
    assertThat(id.toBase58()).startsWith("12D3KooW");
    assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
    assertThat(PeerId.parse(id.toCid())).isEqualTo(id);
    assertThat(PrivateKey.fromProtobuf(key.exportProtobuf()).peerId()).isEqualTo(id);
  }

  @Property(tries = 300)
  void randomTextNeverThrowsAnythingButKeyFormatException(@ForAll String text) {
    try {
      PeerId.parse(text);
    } catch (KeyFormatException expected) {
      // fine: rejected with a reason
    }
  }

  @Test
  void privateKeyNeverPrintsItsSecret() throws Exception {
    PrivateKey key = PrivateKey.fromProtobuf(Bytes.fromHex(SPEC_PRIVATE));
    assertThat(key.toString()).doesNotContain("7e0830617c4a").contains("redacted");
  }

  @Test
  void hostileKeyProtobufsAreRejected() {
    assertThatThrownBy(() -> PrivateKey.fromProtobuf(Bytes.fromHex("0801")))
        .hasMessageContaining("lacks");
    assertThatThrownBy(() -> PrivateKey.fromProtobuf(Bytes.fromHex("08021220" + "00".repeat(32))))
        .hasMessageContaining("only Ed25519");
    assertThatThrownBy(() -> PrivateKey.fromProtobuf(Bytes.fromHex("08011240" + "00".repeat(10))))
        .hasMessageContaining("truncated");
    // the public half does not belong to the seed
    String bad = SPEC_PRIVATE.substring(0, SPEC_PRIVATE.length() - 2) + "00";
    assertThatThrownBy(() -> PrivateKey.fromProtobuf(Bytes.fromHex(bad)))
        .hasMessageContaining("does not match");
  }
}
