package io.ap2p.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.wire.Bytes;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NoiseXXTest {

  // The Noise_XX_25519_ChaChaPoly_SHA256 vector of the cacophony test suite (as shipped with the
  // snow and noiseprotocol implementations): fixed keys, prologue "John Galt", six messages.
  static final String PROLOGUE = "4a6f686e2047616c74";
  static final String INIT_STATIC =
      "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
  static final String INIT_EPHEMERAL =
      "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
  static final String RESP_STATIC =
      "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
  static final String RESP_EPHEMERAL =
      "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";
  static final String HANDSHAKE_HASH =
      "c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e";
  static final String[][] MESSAGES = {
    {
      "4c756477696720766f6e204d69736573",
      "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"
    },
    {
      "4d757272617920526f746862617264",
      "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162c9326ad"
    },
    {
      "462e20412e20486179656b",
      "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"
    },
    {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
    {
      "4a65616e2d426170746973746520536179",
      "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"
    },
    {
      "457567656e2042f6686d20766f6e2042617765726b",
      "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"
    },
  };

  static byte[] hex(String s) {
    return Bytes.fromHex(s).toByteArray();
  }

  @Test
  void reproducesTheCacophonyVectorOnBothSides() throws Exception {
    NoiseXX init = new NoiseXX(true, hex(INIT_STATIC), hex(INIT_EPHEMERAL), hex(PROLOGUE));
    NoiseXX resp = new NoiseXX(false, hex(RESP_STATIC), hex(RESP_EPHEMERAL), hex(PROLOGUE));
    for (int i = 0; i < 3; i++) {
      NoiseXX writer = i % 2 == 0 ? init : resp;
      NoiseXX reader = i % 2 == 0 ? resp : init;
      byte[] msg = writer.writeMessage(hex(MESSAGES[i][0]));
      assertThat(Bytes.wrap(msg).toHex()).as("message %d", i).isEqualTo(MESSAGES[i][1]);
      assertThat(reader.readMessage(msg)).isEqualTo(hex(MESSAGES[i][0]));
    }
    assertThat(init.isComplete()).isTrue();
    assertThat(resp.isComplete()).isTrue();
    assertThat(Bytes.wrap(init.handshakeHash()).toHex()).isEqualTo(HANDSHAKE_HASH);
    assertThat(resp.handshakeHash()).isEqualTo(init.handshakeHash());
    assertThat(init.remoteStatic()).isEqualTo(NoiseXX.publicKey(hex(RESP_STATIC)));
    assertThat(resp.remoteStatic()).isEqualTo(NoiseXX.publicKey(hex(INIT_STATIC)));

    NoiseXX.CipherPair ic = init.split();
    NoiseXX.CipherPair rc = resp.split();
    for (int i = 3; i < MESSAGES.length; i++) {
      // transport messages keep alternating: responder, initiator, responder
      CipherState send = i % 2 == 0 ? ic.send() : rc.send();
      CipherState receive = i % 2 == 0 ? rc.receive() : ic.receive();
      byte[] c = send.encrypt(new byte[0], hex(MESSAGES[i][0]));
      assertThat(Bytes.wrap(c).toHex()).as("transport message %d", i).isEqualTo(MESSAGES[i][1]);
      assertThat(receive.decrypt(new byte[0], c)).isEqualTo(hex(MESSAGES[i][0]));
    }
  }

  @Test
  void anyFlippedBitInTheSecondMessageFailsAuthentication() throws Exception {
    SecureRandom r = new SecureRandom();
    byte[] first = null;
    byte[] second = null;
    for (int bit = 32 * 8; bit < 101 * 8; bit += 37) {
      NoiseXX init = new NoiseXX(true, NoiseXX.generatePrivate(r), NoiseXX.generatePrivate(r));
      NoiseXX resp = new NoiseXX(false, NoiseXX.generatePrivate(r), NoiseXX.generatePrivate(r));
      first = init.writeMessage(new byte[0]);
      resp.readMessage(first);
      second = resp.writeMessage("hello".getBytes());
      byte[] bad = second.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> init.readMessage(bad)).isInstanceOf(NoiseException.class);
      // the handshake is dead after a failure
      assertThatThrownBy(() -> init.readMessage(bad)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void truncatedMessagesAndLowOrderKeysAreRefused() throws Exception {
    SecureRandom r = new SecureRandom();
    NoiseXX resp = new NoiseXX(false, NoiseXX.generatePrivate(r), NoiseXX.generatePrivate(r));
    assertThatThrownBy(() -> resp.readMessage(new byte[31]))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("truncated");
    NoiseXX resp2 = new NoiseXX(false, NoiseXX.generatePrivate(r), NoiseXX.generatePrivate(r));
    resp2.readMessage(new byte[32]); // the all-zero point: only the DH can tell
    assertThatThrownBy(() -> resp2.writeMessage(new byte[0]))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("low-order");
  }

  @Test
  void outOfTurnCallsAreProgrammingErrors() {
    SecureRandom r = new SecureRandom();
    NoiseXX init = new NoiseXX(true, NoiseXX.generatePrivate(r), NoiseXX.generatePrivate(r));
    assertThatThrownBy(() -> init.readMessage(new byte[64]))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(init::split).isInstanceOf(IllegalStateException.class);
  }
}
