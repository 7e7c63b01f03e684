package io.ap2p.core.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Domain separation: a signature made in one domain never verifies in another. */
class SignerTest {

  final PrivateKey key = PrivateKey.generate(new SecureRandom());
  final Bytes payload = Bytes.wrap("hello".getBytes(StandardCharsets.UTF_8));

  @Test
  void verifiesInItsOwnDomain() {
    Bytes sig = key.sign(SignatureDomain.DESCRIPTOR, payload);
    assertThatCode(() -> key.publicKey().verify(SignatureDomain.DESCRIPTOR, payload, sig))
        .doesNotThrowAnyException();
  }

  @Test
  void failsInAnotherDomain() {
    Bytes sig = key.sign(SignatureDomain.DESCRIPTOR, payload);
    assertThatThrownBy(() -> key.publicKey().verify(SignatureDomain.RECEIPT, payload, sig))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void failsUnderAnotherKeyOrPayload() {
    Bytes sig = key.sign(SignatureDomain.DESCRIPTOR, payload);
    PrivateKey other = PrivateKey.generate(new SecureRandom());
    assertThatThrownBy(() -> other.publicKey().verify(SignatureDomain.DESCRIPTOR, payload, sig))
        .isInstanceOf(SignatureVerificationException.class);
    Bytes changed = Bytes.wrap("hellO".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> key.publicKey().verify(SignatureDomain.DESCRIPTOR, changed, sig))
        .isInstanceOf(SignatureVerificationException.class);
    assertThatThrownBy(
            () -> key.publicKey().verify(SignatureDomain.DESCRIPTOR, payload, sig.slice(0, 63)))
        .hasMessageContaining("64 bytes");
  }

  @Test
  void lengthPrefixMakesContextsUnambiguous() {
    // "ab" + "c…" must not collide with "a" + "bc…"
    SignatureDomain ab = SignatureDomain.ap2p("ab");
    SignatureDomain a = SignatureDomain.ap2p("a");
    Bytes c = Bytes.wrap("c".getBytes(StandardCharsets.UTF_8));
    Bytes bc = Bytes.wrap("bc".getBytes(StandardCharsets.UTF_8));
    org.assertj.core.api.Assertions.assertThat(ab.frame(c)).isNotEqualTo(a.frame(bc));
  }
}
