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

/** The registry's per-identity request budgets: queries and revocation lookups. */
class RegistryRateLimitTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final RegistryServer server =
      new RegistryServer(
          clock,
          new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
          RegistryLimits.DEFAULTS,
          new Matcher(RankingWeights.DEFAULT));

  RegistryMessage.Ack send(PrivateKey from, RegistryMessage m) {
    return (RegistryMessage.Ack) server.handle(from.peerId(), m);
  }

  @Test
  void eachIdentityIsRateLimited() {
    PrivateKey k = Fixtures.key(1);
    int refused = 0;
    for (int i = 0; i < 40; i++) {
      RegistryMessage.Ack a = send(k, new RegistryMessage.Withdraw("x", 1));
      if (a.reason().equals("RATE_LIMITED")) {
        refused++;
      }
    }
    assertThat(refused).isEqualTo(20); // burst of 20
    clock.advance(1_000);
    assertThat(send(k, new RegistryMessage.Withdraw("x", 1)).reason()).isEqualTo("NOT_FOUND");
  }

  @Test
  void revocationLookupsHaveTheirOwnBudgetSoCheckingAnswersDoesNotStarveQueries() {
    PrivateKey k = Fixtures.key(1);
    RegistryMessage lookup = new RegistryMessage.RevocationsOf(List.of(Fixtures.key(2).peerId()));
    RegistryMessage query = new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 10));
    for (int i = 0; i < 20; i++) { // a finder's burst: a query, then a check of its answer
      assertThat(server.handle(k.peerId(), query)).isInstanceOf(RegistryMessage.Found.class);
      assertThat(server.handle(k.peerId(), lookup)).isInstanceOf(RegistryMessage.Revoked.class);
    }
    // each budget is still a limit of its own
    assertThat(((RegistryMessage.Ack) server.handle(k.peerId(), lookup)).reason())
        .isEqualTo("RATE_LIMITED");
    assertThat(((RegistryMessage.Ack) server.handle(k.peerId(), query)).reason())
        .isEqualTo("RATE_LIMITED");
    clock.advance(1_000);
    assertThat(server.handle(k.peerId(), lookup)).isInstanceOf(RegistryMessage.Revoked.class);
    assertThat(server.handle(k.peerId(), query)).isInstanceOf(RegistryMessage.Found.class);
  }
}
