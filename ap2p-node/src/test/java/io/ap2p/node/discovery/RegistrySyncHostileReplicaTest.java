package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Review (rev3): a hostile peer replica answering {@code RevocationsRequest} with pages that never
 * end. The revocation table holds at most {@code RevocationLimits.DEFAULTS.maxEntries()} (100,000)
 * revocations, i.e. 391 full pages, but {@code pullRevocations} reuses the descriptor bound ({@code
 * MAX_PAGES} = 25,001 pages, up to 6.4 million revocations, each verified by {@code
 * admitRevocation}, under the registry lock once the 5/s preverify budget of the registry's own id
 * is spent).
 */
class RegistrySyncHostileReplicaTest {

  final SecureRandom random = new SecureRandom();

  Host host() throws Exception {
    return Host.start(
        HostConfig.of(
            PrivateKey.generate(random),
            List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
            "ap2p/test"));
  }

  @Test
  void aHostileReplicaCannotMakeACatchUpPullMoreRevocationsThanATableHolds() throws Exception {
    int fullTablePages = RevocationLimits.DEFAULTS.maxEntries() / SyncMessage.MAX_PAGE + 1;
    int stopAt = fullTablePages + 100; // the hostile replica gives up here so the test ends
    AtomicInteger served = new AtomicInteger();
    try (Host hostile = host();
        Host replica = host()) {
      RegistrySync.PROTOCOL.serve(
          hostile,
          (peer, request) -> {
            if (!(request instanceof SyncMessage.RevocationsRequest r)) {
              return Optional.empty();
            }
            int n = served.incrementAndGet();
            // one (unverifiable) entry a page, the next offset always one further
            return Optional.of(
                new SyncMessage.Page(
                    List.of(Bytes.wrap(new byte[] {(byte) n})), n >= stopAt ? 0 : r.offset() + 1));
          });
      Multiaddr addr = hostile.listenAddrs().get(0).withPeerId(hostile.peerId());
      AtomicInteger taken = new AtomicInteger();
      try {
        RegistrySync.pullRevocations(replica, addr, b -> taken.incrementAndGet());
      } catch (java.io.IOException e) {
        // refusing the endless answer is the fix this test asks for
      }
      assertThat(served.get())
          .as("pages pulled from a replica that never ends")
          .isLessThanOrEqualTo(fullTablePages);
    }
  }
}
