package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegistryPublisherTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final PrivateKey key = Fixtures.key(1);
  RegistryServer registry = newRegistry();
  final RegistryPublisher publisher =
      new RegistryPublisher(clock, key, new SplittableRandom(1), 2_000);
  long timerAt = Long.MAX_VALUE;

  RegistryServer newRegistry() {
    return new RegistryServer(
        clock,
        new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
        RegistryLimits.DEFAULTS,
        new Matcher(RankingWeights.DEFAULT));
  }

  /** Delivers the publisher's actions to the registry, as a runtime would. */
  List<Long> run(List<RegistryPublisher.Action> actions) {
    List<Long> seqs = new ArrayList<>();
    for (RegistryPublisher.Action a : actions) {
      switch (a) {
        case RegistryPublisher.Action.Send s -> {
          RegistryMessage reply = registry.handle(key.peerId(), s.message());
          publisher.onAck(s.capabilityId(), (RegistryMessage.Ack) reply);
          publisher.current(s.capabilityId()).ifPresent(sd -> seqs.add(sd.seq()));
        }
        case RegistryPublisher.Action.ArmTimer t -> timerAt = t.atMillis();
      }
    }
    return seqs;
  }

  CapabilityDescriptor template() {
    return Fixtures.signed(key, "img", 1, Fixtures.T0, 60).descriptor();
  }

  void advanceTo(long at) {
    clock.advance(at - clock.millis());
  }

  @Test
  void currentIsExactlyWhatWasSentAndWhatTheRegistryHolds() {
    List<RegistryPublisher.Action> actions = publisher.publish(template());
    RegistryMessage.Register sent =
        (RegistryMessage.Register) ((RegistryPublisher.Action.Send) actions.get(0)).message();
    run(actions);
    var current = publisher.current(template().id()).orElseThrow();
    // rebuilt from the kept descriptor and signature: the bytes sent, and equal to the registry's
    assertThat(current.toJsonBytes()).isEqualTo(sent.signedDescriptor());
    assertThat(current).isEqualTo(registry.table().all().get(0));
    publisher.updateState(
        template().id(),
        new io.ap2p.core.discovery.CapabilityState(
            io.ap2p.core.discovery.Availability.DEGRADED, 0.8, 4, "v2"));
    assertThat(publisher.current(template().id()).orElseThrow()).isEqualTo(current);
    assertThat(publisher.current("other")).isEmpty();
    // the kept descriptor itself, for reading fields without rebuilding the signed form
    assertThat(publisher.currentDescriptor(template().id())).contains(current.descriptor());
    assertThat(publisher.currentDescriptor("other")).isEmpty();
  }

  @Test
  void refreshesAtAboutHalfTheTtlWithAHigherSeq() {
    List<Long> first = run(publisher.publish(template()));
    assertThat(publisher.status().get(0).discoverableAt(clock.millis())).isTrue();
    long start = Fixtures.T0.toEpochMilli();
    assertThat(timerAt - start).isBetween(27_000L, 33_000L);
    advanceTo(timerAt);
    List<Long> second = run(publisher.onTimer());
    assertThat(second.get(0)).isGreaterThan(first.get(0));
    assertThat(registry.table().all()).hasSize(1);
    assertThat(registry.table().all().get(0).seq()).isEqualTo(second.get(0));
  }

  @Test
  void isBackWithinOneRefreshPeriodAfterARegistryRestart() {
    run(publisher.publish(template()));
    registry = newRegistry(); // the registry lost its soft state
    assertThat(registry.table().size()).isZero();
    long restart = clock.millis();
    advanceTo(timerAt);
    run(publisher.onTimer());
    assertThat(clock.millis() - restart).isLessThanOrEqualTo(33_000L);
    assertThat(registry.table().size()).isEqualTo(1);
  }

  @Test
  void statusShowsARefusalAndAFailedSendIsRetriedSoon() {
    run(publisher.publish(template()));
    long due = timerAt;
    List<RegistryPublisher.Action> retry = publisher.onSendFailed("img");
    assertThat(retry)
        .containsExactly(new RegistryPublisher.Action.ArmTimer(clock.millis() + 2_000));
    assertThat(publisher.status().get(0).registered()).isFalse();
    assertThat(publisher.status().get(0).lastVerdict()).contains("UNREACHABLE");
    assertThat(due).isGreaterThan(clock.millis() + 2_000);
  }

  @Test
  void driftReachesTheRegistryOnlyAtTheNextRefresh() {
    run(publisher.publish(template()));
    publisher.updateState(
        "img",
        new io.ap2p.core.discovery.CapabilityState(
            io.ap2p.core.discovery.Availability.DEGRADED, 0.9, 10, "v2"));
    assertThat(registry.table().all().get(0).descriptor().state().load()).isEqualTo(0.35);
    advanceTo(timerAt);
    run(publisher.onTimer());
    assertThat(registry.table().all().get(0).descriptor().state().load()).isEqualTo(0.9);
  }

  @Test
  void withdrawRemovesFromTheRegistry() {
    run(publisher.publish(template()));
    run(publisher.withdraw("img"));
    assertThat(registry.table().size()).isZero();
    assertThat(publisher.status()).isEmpty();
  }

  @Test
  void aRePublishAfterAWithdrawalStartsAboveTheRevokedSeq() {
    // refreshes within one millisecond push the seq above the clock
    run(publisher.publish(template()));
    run(publisher.publish(template()));
    List<Long> last = run(publisher.publish(template()));
    assertThat(last.get(0)).isGreaterThan(clock.millis());
    run(publisher.withdraw("img"));
    assertThat(registry.table().size()).isZero();
    // back at once: the registry refuses every seq up to the revoked one, so it must start above
    run(publisher.publish(template()));
    assertThat(publisher.status().get(0).lastVerdict().orElse("")).doesNotContain("REVOKED");
    assertThat(registry.table().size()).isEqualTo(1);
    assertThat(registry.table().all().get(0).seq()).isGreaterThan(last.get(0));
  }

  @Test
  void refreshNowResignsAndSendsAtOnceAndIgnoresUnknownIds() {
    registry =
        new RegistryServer(
            clock,
            new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
            RegistryLimits.DEFAULTS.withIdentityBits(8),
            new Matcher(RankingWeights.DEFAULT));
    List<Long> first = run(publisher.publish(template()));
    assertThat(publisher.status().get(0).registered()).isFalse();
    assertThat(publisher.status().get(0).lastVerdict().orElseThrow())
        .startsWith("REJECTED IDENTITY_PROOF_REQUIRED");
    // the runtime got a proof meanwhile: a proven peer is remembered by the registry
    var proof = io.ap2p.core.identity.IdentityProof.mint(key.peerId(), 8).counter();
    registry.handle(
        key.peerId(),
        new RegistryMessage.Register(
            Fixtures.signed(key, "other", 1, Fixtures.T0, 60).toJsonBytes(), proof));
    clock.advance(1);
    List<RegistryPublisher.Action> now = publisher.refreshNow("img");
    assertThat(now).anyMatch(a -> a instanceof RegistryPublisher.Action.Send);
    List<Long> second = run(now);
    assertThat(second.get(0)).isGreaterThan(first.get(0));
    assertThat(publisher.status().get(0).registered()).isTrue();
    assertThat(publisher.refreshNow("nothing")).isEmpty();
  }
}
