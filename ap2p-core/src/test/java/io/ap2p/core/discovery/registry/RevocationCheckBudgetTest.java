package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A requester's revocation checks have their own budget, apart from its queries'. */
class RevocationCheckBudgetTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final RegistryServer server =
      new RegistryServer(
          clock,
          new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
          RegistryLimits.DEFAULTS,
          new Matcher(RankingWeights.DEFAULT));

  @Test
  void aRequesterThatSpentItsQueryBudgetCanStillCheckRevocations() {
    PrivateKey requester = Fixtures.key(7);
    RegistryMessage.Find find = new RegistryMessage.Find(Query.forTag(new CapabilityTag("x"), 10));
    RegistryMessage last = null;
    for (int i = 0; i < 100; i++) {
      last = server.handle(requester.peerId(), find);
    }
    assertThat(last).isInstanceOf(RegistryMessage.Ack.class); // RATE_LIMITED
    RegistryMessage.RevocationsOf check =
        new RegistryMessage.RevocationsOf(List.of(Fixtures.key(1).peerId()));
    // a check per 100 providers of an answer of 1000: all answered
    for (int i = 0; i < 10; i++) {
      assertThat(server.handle(requester.peerId(), check))
          .isInstanceOf(RegistryMessage.Revoked.class);
    }
    // but the checks have a bound of their own
    for (int i = 0; i < 100; i++) {
      last = server.handle(requester.peerId(), check);
    }
    assertThat(last).isInstanceOf(RegistryMessage.Ack.class);
    assertThat(((RegistryMessage.Ack) last).reason()).isEqualTo("RATE_LIMITED");
  }
}
