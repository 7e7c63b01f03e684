package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * Feedback queries, answers and report bodies from a remote peer: each decodes or is refused with a
 * {@link WireFormatException}, and what decodes re-encodes to the same value.
 */
class FeedbackCodecFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(FuzzedDataProvider data) throws WireFormatException {
    int which = data.consumeInt(0, 2);
    Bytes input = Bytes.wrap(data.consumeRemainingAsBytes());
    try {
      switch (which) {
        case 0 -> {
          FeedbackCodec.Query q = FeedbackCodec.decodeQuery(input);
          assertThat(FeedbackCodec.decodeQuery(FeedbackCodec.encodeQuery(q))).isEqualTo(q);
        }
        case 1 -> {
          FeedbackCodec.Answer a = FeedbackCodec.decodeAnswer(input);
          assertThat(FeedbackCodec.decodeAnswer(FeedbackCodec.encodeAnswer(a))).isEqualTo(a);
        }
        default -> {
          FeedbackReport r = FeedbackCodec.decodeBody(input);
          assertThat(FeedbackCodec.decodeBody(FeedbackCodec.encodeBody(r))).isEqualTo(r);
        }
      }
    } catch (WireFormatException e) {
      // refused with a reason
    }
  }
}
