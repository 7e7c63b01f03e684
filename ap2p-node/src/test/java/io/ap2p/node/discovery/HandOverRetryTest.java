package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.execution.ExecutionLimits;
import io.ap2p.node.execution.Reciprocity;
import io.ap2p.node.trust.RevocationBook;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Review (rev3): the provider marks a stranger as asked before the question is answered, and asks
 * only while the stranger's account is empty. When the first ask fails (the requester's handler not
 * up yet, a blip, a concurrent task judged meanwhile), the task is served, the new key gets a
 * receipt, and its hand-over is never asked for again: the old key's account stays stranded.
 */
class HandOverRetryTest {

  final SecureRandom random = new SecureRandom();

  Host host(PrivateKey k) throws Exception {
    return Host.start(
        HostConfig.of(k, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), "ap2p/test"));
  }

  @Test
  void aFailedFirstAskIsRetriedLater() throws Exception {
    assertThat(learnedLater(true)).as("the old key's hand-over, learned on a later task").isTrue();
  }

  @Test
  void controlWithoutAReceiptInBetweenTheLaterAskLearnsIt() throws Exception {
    assertThat(learnedLater(false)).isTrue();
  }

  boolean learnedLater(boolean servedMeanwhile) throws Exception {
    ManualClock clock = new ManualClock(System.currentTimeMillis());
    PrivateKey old = PrivateKey.generate(random);
    PrivateKey next = PrivateKey.generate(random);
    Bytes handOver = SignedRevocation.rotate(old, next, clock.millis()).encoded();
    try (Host provider = host(PrivateKey.generate(random));
        Host requester = host(next)) {
      provider.connect(requester.listenAddrs().get(0).withPeerId(requester.peerId()));
      RevocationBook book = new RevocationBook(clock, Optional.empty());
      Reciprocity ledger = new Reciprocity(ExecutionLimits.Incentives.OPEN);
      ledger.introductions(new HandOvers(book, clock));

      // first task under the new key: the requester does not answer yet (the ask fails)
      ledger.introduce(provider, next.peerId());
      if (servedMeanwhile) {
        ledger.gave(next.peerId(), 1_000); // the task is served and recorded
      }

      // the requester now answers; hours later it sends another task
      HandOvers.PROTOCOL.serve(
          requester, (peer, q) -> Optional.of(new RegistryMessage.Revoked(List.of(handOver))));
      clock.advance(2 * 3_600_000L);
      ledger.introduce(provider, next.peerId());

      return book.successor(old.peerId()).equals(Optional.of(next.peerId()));
    }
  }
}
