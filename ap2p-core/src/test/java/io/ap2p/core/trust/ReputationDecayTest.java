package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReputationDecayTest {

  static final long HOUR = 3_600_000;
  final CapabilityTag tag = new CapabilityTag("image.generate");
  final CapabilityTag other = new CapabilityTag("web.publish");
  final PeerId a = Fixtures.key(1).peerId();
  final PeerId b = Fixtures.key(2).peerId();
  final PeerId c = Fixtures.key(3).peerId();
  final ManualClock clock = new ManualClock(1_000_000);

  Reputation aging() {
    return Reputation.aging(clock, Duration.ofHours(1), 1000);
  }

  @Test
  void evidenceHalvesEveryHalfLifeAndFadesTowardTheNewcomer() {
    Reputation r = aging();
    for (int i = 0; i < 4; i++) {
      r.record(a, tag, true);
    }
    assertThat(r.entry(a).orElseThrow().overall().good()).isEqualTo(4.0);
    clock.advance(HOUR);
    assertThat(r.entry(a).orElseThrow().overall().good()).isCloseTo(2.0, within(1e-12));
    assertThat(r.score(a, tag)).isCloseTo(2.0 / 4.0, within(1e-12));
    clock.advance(40 * HOUR);
    assertThat(r.score(a, tag)).isCloseTo(0, within(1e-9));
    r.record(b, tag, false);
    double bad = r.score(b, tag);
    assertThat(bad).isNegative();
    clock.advance(40 * HOUR);
    assertThat(r.score(b, tag)).isCloseTo(0, within(1e-9)).isNegative(); // fades, stays below 0
  }

  @Test
  void replayAtRecordedTimesEqualsLiveRecordingInAnyOrder() {
    long[] times = {0, 10 * 60_000, 3 * HOUR, 3 * HOUR + 1, 5 * HOUR};
    boolean[] ok = {true, false, true, true, false};
    Reputation live = aging();
    long start = clock.millis();
    for (int i = 0; i < times.length; i++) {
      clock.set(start + times[i]);
      live.record(a, tag, ok[i]);
    }
    clock.advance(2 * HOUR);
    Reputation forward = aging();
    Reputation backward = aging();
    for (int i = 0; i < times.length; i++) {
      forward.record(a, tag, ok[i], start + times[i]);
      int j = times.length - 1 - i;
      backward.record(a, tag, ok[j], start + times[j]);
    }
    assertThat(forward.score(a, tag)).isCloseTo(live.score(a, tag), within(1e-12));
    assertThat(backward.score(a, tag)).isCloseTo(live.score(a, tag), within(1e-12));
  }

  @Test
  void forgetMakesAPeerANewcomerAgainAndLeavesOthers() {
    Reputation r = aging();
    r.record(a, tag, false);
    r.record(a, other, false);
    r.record(b, tag, true);
    assertThat(r.forget(a)).isTrue();
    assertThat(r.known(a)).isFalse();
    assertThat(r.score(a, tag)).isZero();
    assertThat(r.score(a, other)).isZero();
    assertThat(r.size()).isEqualTo(1);
    assertThat(r.score(b, tag)).isPositive();
    assertThat(r.forget(c)).isFalse();
  }

  @Test
  void entriesListEachPeerWithItsTagsBestFirst() {
    Reputation r = aging();
    r.record(a, tag, false);
    r.record(b, tag, true);
    r.record(b, other, true);
    var list = r.entries();
    assertThat(list).extracting(Reputation.Entry::peer).containsExactly(b, a);
    Reputation.Entry eb = list.get(0);
    assertThat(eb.tags()).containsOnlyKeys(tag, other);
    assertThat(eb.overall().good()).isEqualTo(2.0);
    assertThat(eb.overall().lastMillis()).isEqualTo(clock.millis());
    assertThat(list.get(1).overall().bad()).isEqualTo(2.0); // a failure weighs two
    assertThat(r.entry(c)).isEmpty();
  }

  @Test
  void weightedCountReportsCountOnlyForTrustedReporters() {
    Reputation r = aging();
    r.report(b, c, tag, 5, 0); // b is a stranger: nothing
    assertThat(r.known(c)).isFalse();
    r.record(b, tag, false); // b is distrusted: still nothing
    r.report(b, c, tag, 5, 0);
    assertThat(r.known(c)).isFalse();
    for (int i = 0; i < 8; i++) {
      r.record(a, tag, true);
    }
    r.report(a, c, tag, 3, 0);
    assertThat(r.score(c, tag)).isPositive();
    r.report(a, b, tag, 0, 10);
    assertThat(r.score(b, tag)).isLessThan(-0.5);
    r.report(a, a, tag, 100, 0); // about itself: ignored
    assertThat(r.entry(a).orElseThrow().overall().good()).isEqualTo(8.0);
  }

  @Test
  void aViewWithoutAClockIgnoresTimes() {
    Reputation r = Reputation.defaults();
    r.record(a, tag, true, 5);
    r.record(a, tag, true, 5_000_000_000L);
    Reputation s = Reputation.defaults();
    s.record(a, tag, true);
    s.record(a, tag, true);
    assertThat(r.score(a, tag)).isEqualTo(s.score(a, tag));
    assertThat(r.entry(a).orElseThrow().overall().lastMillis()).isZero();
  }
}
