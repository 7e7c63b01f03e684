package io.ap2p.node.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import java.util.List;
import java.util.Optional;

/**
 * AgentCards as {@code ap2p a2a verify} reads them: any bytes, or a card a real key signed with
 * bytes of the fuzzer's spliced in, are verified or refused with a {@link CardRejectedException}
 * (never another exception); a card that verifies under the pinned key is one that key signed.
 */
class CardVerifierFuzzTest {

  private static final PrivateKey ALICE = PrivateKey.fromSeed(Bytes.wrap(new byte[32]));
  private static final byte[] SIGNED;

  static {
    try {
      SIGNED =
          Json.MAPPER.writeValueAsBytes(
              AgentCards.signed(ALICE, "ap2p/fuzz", List.of(), Optional.of("http://127.0.0.1:9")));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "8s")
  void verifyRefusesWithAReason(FuzzedDataProvider data) {
    byte[] card;
    boolean splice = data.consumeBoolean();
    if (splice) {
      int at = data.consumeInt(0, SIGNED.length);
      int drop = data.consumeInt(0, Math.min(64, SIGNED.length - at));
      byte[] insert = data.consumeRemainingAsBytes();
      card = new byte[SIGNED.length - drop + insert.length];
      System.arraycopy(SIGNED, 0, card, 0, at);
      System.arraycopy(insert, 0, card, at, insert.length);
      System.arraycopy(SIGNED, at + drop, card, at + insert.length, SIGNED.length - at - drop);
    } else {
      card = data.consumeRemainingAsBytes();
    }
    try {
      CardVerifier.Verified v = CardVerifier.verify(card, ALICE.publicKey());
      assertThat(v.kid()).isNotEmpty();
    } catch (CardRejectedException e) {
      assertThat(e.reason()).isNotNull();
    }
  }
}
