package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ReputationProperties {

  final CapabilityTag tag = new CapabilityTag("image.generate");
  final PeerId a = Fixtures.key(1).peerId();

  @Property(tries = 200)
  void scoresStayInRangeAndAgeMonotonicallyTowardZero(
      @ForAll @Size(max = 30) List<Boolean> outcomes,
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 7_200_000) Integer> gaps) {
    ManualClock clock = new ManualClock(0);
    Reputation r = Reputation.aging(clock, Duration.ofMinutes(30), 100);
    for (int i = 0; i < outcomes.size(); i++) {
      clock.advance(i < gaps.size() ? gaps.get(i) : 0);
      r.record(a, tag, outcomes.get(i));
      assertThat(r.score(a, tag)).isBetween(-1.0, 1.0);
    }
    double before = r.score(a, tag);
    clock.advance(3_600_000);
    double after = r.score(a, tag);
    assertThat(Math.abs(after)).isLessThanOrEqualTo(Math.abs(before) + 1e-15);
    assertThat(Math.signum(after)).isEqualTo(Math.signum(before)); // a record never flips
  }

  @Property(tries = 200)
  void aViewWithoutAClockMatchesTheTimelessRecordExactly(
      @ForAll @Size(max = 40) List<Boolean> outcomes,
      @ForAll @IntRange(min = 0, max = 1_000_000) int at) {
    Reputation plain = Reputation.defaults();
    Reputation timed = Reputation.defaults();
    for (boolean ok : outcomes) {
      plain.record(a, tag, ok);
      timed.record(a, tag, ok, at);
    }
    assertThat(timed.score(a, tag)).isEqualTo(plain.score(a, tag));
    assertThat(timed.overallScore(a)).isEqualTo(plain.overallScore(a));
  }

  @Property(tries = 100)
  void replayOrderDoesNotMatter(
      @ForAll @Size(max = 20) List<Boolean> outcomes,
      @ForAll @Size(min = 20, max = 20) List<@IntRange(min = 0, max = 10_000_000) Integer> times) {
    ManualClock clock = new ManualClock(20_000_000);
    Reputation fwd = Reputation.aging(clock, Duration.ofHours(1), 100);
    Reputation rev = Reputation.aging(clock, Duration.ofHours(1), 100);
    int n = outcomes.size();
    for (int i = 0; i < n; i++) {
      fwd.record(a, tag, outcomes.get(i), times.get(i));
      rev.record(a, tag, outcomes.get(n - 1 - i), times.get(n - 1 - i));
    }
    assertThat(rev.score(a, tag)).isCloseTo(fwd.score(a, tag), within(1e-9));
  }
}
