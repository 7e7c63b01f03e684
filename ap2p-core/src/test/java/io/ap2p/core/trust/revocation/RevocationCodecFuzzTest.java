package io.ap2p.core.trust.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * Signed revocations from any peer (registry {@code Revoke}, federation, DHT): each decodes or is
 * refused with a {@link WireFormatException}, what decodes re-encodes to the same bytes, and the
 * validator always gives a verdict, never an exception.
 */
class RevocationCodecFuzzTest {

  final RevocationValidator validator =
      new RevocationValidator(new ManualClock(1_800_000_000_000L), RevocationLimits.DEFAULTS);

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(FuzzedDataProvider data) {
    Bytes input = Bytes.wrap(data.consumeRemainingAsBytes());
    try {
      SignedRevocation s = RevocationCodec.decode(input);
      assertThat(s.encoded()).isEqualTo(input);
    } catch (WireFormatException e) {
      // refused with a reason
    }
    assertThat(validator.validate(input)).isInstanceOf(Verdict.class);
  }
}
