package io.ap2p.net.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;

/**
 * The Noise XX responder and the libp2p handshake payload, fed whatever an initiator sends: a
 * message is read or refused with a {@link NoiseException}, never another exception.
 */
class NoiseFuzzTest {

  private static final byte[] STATIC = NoiseXX.generatePrivate(new SecureRandom());
  private static final byte[] EPHEMERAL = NoiseXX.generatePrivate(new SecureRandom());

  @FuzzTest(maxDuration = "8s")
  void responderAndPayloadRefuseOrRead(FuzzedDataProvider data) {
    byte[] payload = data.consumeBytes(HandshakePayload.MAX_SIZE + 16);
    try {
      HandshakePayload p = HandshakePayload.decode(payload);
      assertThat(HandshakePayload.decode(p.encode())).isEqualTo(p);
    } catch (NoiseException e) {
      // refused with a reason
    }
    NoiseXX responder = new NoiseXX(false, STATIC, EPHEMERAL);
    try {
      responder.readMessage(data.consumeRemainingAsBytes());
      assertThat(responder.isMyTurn()).isTrue();
    } catch (NoiseException e) {
      // refused with a reason
    }
  }
}
