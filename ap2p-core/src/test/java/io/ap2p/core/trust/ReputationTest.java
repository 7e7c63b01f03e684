package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PeerId;
import org.junit.jupiter.api.Test;

class ReputationTest {

  final CapabilityTag tag = new CapabilityTag("image.generate");
  final PeerId a = Fixtures.key(1).peerId();
  final PeerId b = Fixtures.key(2).peerId();
  final PeerId c = Fixtures.key(3).peerId();

  @Test
  void newcomersGetNoCreditAndOutcomesMoveTheScore() {
    Reputation r = Reputation.defaults();
    assertThat(r.score(a, tag)).isZero();
    assertThat(r.known(a)).isFalse();
    r.record(a, tag, true);
    double one = r.score(a, tag);
    r.record(a, tag, true);
    assertThat(r.score(a, tag)).isGreaterThan(one);
    r.record(a, tag, false);
    assertThat(r.score(a, tag)).isLessThan(one);
    assertThat(r.known(a)).isTrue();
  }

  @Test
  void distrustEarnedOnOneCapabilitySpillsOverToOthersButCreditDoesNot() {
    Reputation r = Reputation.defaults();
    CapabilityTag publish = new CapabilityTag("content.publish");
    r.record(a, tag, false);
    r.record(b, tag, true);
    assertThat(r.score(a, publish)).isNegative().isEqualTo(r.overallScore(a));
    assertThat(r.score(b, publish)).isZero();
    r.record(a, publish, true); // its own record on the tag counts from then on
    assertThat(r.score(a, publish)).isPositive();
  }

  @Test
  void aPeerCaughtFailingRanksBelowEveryNewcomer() {
    Reputation r = Reputation.defaults();
    r.record(b, tag, false);
    assertThat(r.score(b, tag)).isNegative();
    assertThat(r.score(b, tag)).isLessThan(r.score(c, tag));
    for (int i = 0; i < 50; i++) {
      r.record(b, tag, false);
    }
    assertThat(r.score(b, tag)).isGreaterThanOrEqualTo(-1);
  }

  @Test
  void colludersVouchingForEachOtherGainNothing() {
    Reputation r = Reputation.defaults();
    for (int i = 0; i < 100; i++) {
      r.report(b, c, tag, true); // b is a stranger here
      r.report(c, b, tag, true);
    }
    assertThat(r.score(b, tag)).isZero();
    assertThat(r.score(c, tag)).isZero();
    for (int i = 0; i < 10; i++) {
      r.record(a, tag, true); // a earned trust
    }
    r.report(a, c, tag, true);
    assertThat(r.score(c, tag)).isGreaterThan(0);
  }

  @Test
  void policiesPickChecksByRisk() {
    assertThat(TierPolicy.NAIVE.checks(RiskClass.HIGH).tier()).isZero();
    assertThat(TierPolicy.REPUTATION.checks(RiskClass.HIGH).tier()).isEqualTo(1);
    assertThat(TierPolicy.CANARY.checks(RiskClass.LOW).tier()).isEqualTo(2);
    assertThat(TierPolicy.EVIDENCE.checks(RiskClass.LOW).tier()).isEqualTo(3);
    assertThat(TierPolicy.RISK_AWARE.checks(RiskClass.LOW).canaryKnownPeers()).isFalse();
    assertThat(TierPolicy.RISK_AWARE.checks(RiskClass.HIGH).attestation()).isTrue();
    assertThat(TierPolicy.parse("risk-aware")).isEqualTo(TierPolicy.RISK_AWARE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TierPolicy.parse("paranoid"))
        .hasMessageContaining("unknown policy 'paranoid'");
  }
}
