package io.ap2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.wire.Bytes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8032 §7.1 vectors, checked against our signer and, as a cross-check, the JDK's. */
class Ed25519VectorsTest {

  record Vector(String name, Bytes secret, Bytes pub, byte[] message, Bytes signature) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Vector> vectors() throws Exception {
    List<Vector> out = new ArrayList<>();
    try (var in =
        new BufferedReader(
            new InputStreamReader(
                Ed25519VectorsTest.class.getResourceAsStream("/vectors/rfc8032-ed25519.txt"),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        byte[] msg = f[3].equals("-") ? new byte[0] : Bytes.fromHex(f[3]).toByteArray();
        out.add(
            new Vector(f[0], Bytes.fromHex(f[1]), Bytes.fromHex(f[2]), msg, Bytes.fromHex(f[4])));
      }
    }
    assertThat(out).hasSize(4);
    return out;
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void oursMatchesTheRfc(Vector v) throws Exception {
    PrivateKey key = PrivateKey.fromSeed(v.secret());
    assertThat(key.publicKey().raw()).isEqualTo(v.pub());
    assertThat(key.signRaw(v.message())).isEqualTo(v.signature());
    key.publicKey().verifyRaw(v.message(), v.signature());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void jdkAgreesOnTheVectors(Vector v) throws Exception {
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    var priv =
        kf.generatePrivate(
            new EdECPrivateKeySpec(NamedParameterSpec.ED25519, v.secret().toByteArray()));
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(priv);
    s.update(v.message());
    assertThat(Bytes.wrap(s.sign())).isEqualTo(v.signature());

    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(kf.generatePublic(jdkPublicSpec(v.pub())));
    verifier.update(v.message());
    assertThat(verifier.verify(v.signature().toByteArray())).isTrue();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void aFlippedBitIsRejected(Vector v) {
    byte[] sig = v.signature().toByteArray();
    sig[5] ^= 0x10;
    PublicKey pub = PublicKey.ofRaw(v.pub());
    assertThatThrownBy(() -> pub.verifyRaw(v.message(), Bytes.wrap(sig)))
        .isInstanceOf(SignatureVerificationException.class);
  }

  /** RFC 8032 public key encoding to the JDK's (x parity, y) point. */
  static EdECPublicKeySpec jdkPublicSpec(Bytes raw) {
    byte[] le = raw.toByteArray();
    boolean xOdd = (le[31] & 0x80) != 0;
    le[31] &= 0x7F;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    return new EdECPublicKeySpec(
        NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be)));
  }
}
