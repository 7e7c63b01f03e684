package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A replica restarted empty copies its peer's revocations over {@code /ap2p/registry-sync/1.0.0}
 * (several pages), each through its own checks, and then refuses what they revoke.
 */
class RegistrySyncRevocationsTest {

  final SecureRandom random = new SecureRandom();

  Host host() throws Exception {
    return Host.start(
        HostConfig.of(
            PrivateKey.generate(random),
            List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
            "ap2p/test"));
  }

  @Test
  void aReplicaRestartedEmptyCopiesItsPeersRevocations() throws Exception {
    try (Host a = host();
        Host b = host();
        RegistryService full =
            new RegistryService(
                a, SystemClock.INSTANCE, RegistryLimits.DEFAULTS, new SplittableRandom(1));
        RegistryService empty =
            new RegistryService(
                b, SystemClock.INSTANCE, RegistryLimits.DEFAULTS, new SplittableRandom(2))) {
      PrivateKey k = PrivateKey.generate(random);
      Bytes descriptor =
          DescriptorSigning.sign(PublisherRuntimeTest.template(k, "cap"), k).toJsonBytes();
      assertThat(full.admitReplica(descriptor).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
      List<Bytes> sent = new ArrayList<>();
      sent.add(compromise(k));
      for (int i = 0; i < SyncMessage.MAX_PAGE + 10; i++) { // more than one page
        sent.add(compromise(PrivateKey.generate(random)));
      }
      for (Bytes s : sent) {
        assertThat(full.admitRevocation(s).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
      }
      Multiaddr addr = a.listenAddrs().get(0).withPeerId(a.peerId());
      List<RegistryMessage.Ack> acks = new ArrayList<>();
      int n =
          RegistrySync.pullRevocations(b, addr, bytes -> acks.add(empty.admitRevocation(bytes)));
      assertThat(n).isEqualTo(sent.size());
      assertThat(acks).allMatch(ack -> ack.status() == RegistryMessage.Status.ACCEPTED);
      assertThat(empty.admitReplica(descriptor).reason()).isEqualTo("KEY_COMPROMISED");
      assertThat(empty.size()).isZero();
    }
  }

  @Test
  void forgedAndExpiredEntriesAHostilePeerServesAreRefusedByTheCopysOwnChecks() throws Exception {
    try (Host a = host();
        Host b = host();
        RegistryService empty =
            new RegistryService(
                b, SystemClock.INSTANCE, RegistryLimits.DEFAULTS, new SplittableRandom(2))) {
      Bytes valid = compromise(PrivateKey.generate(random));
      byte[] forged = compromise(PrivateKey.generate(random)).toByteArray();
      forged[forged.length - 1] ^= 1; // the signature no longer matches
      long old = System.currentTimeMillis() - 31L * 86_400_000L; // past the 30-day retention
      PrivateKey e = PrivateKey.generate(random);
      Bytes expired =
          SignedRevocation.sign(new Revocation.Compromise(e.publicKey(), old), e).encoded();
      RegistrySync.PROTOCOL.serve(
          a,
          (peer, q) ->
              java.util.Optional.of(
                  new SyncMessage.Page(List.of(valid, Bytes.wrap(forged), expired), 0)));
      Multiaddr addr = a.listenAddrs().get(0).withPeerId(a.peerId());
      List<RegistryMessage.Ack> acks = new ArrayList<>();
      RegistrySync.pullRevocations(b, addr, bytes -> acks.add(empty.admitRevocation(bytes)));
      assertThat(acks)
          .extracting(RegistryMessage.Ack::status)
          .containsExactly(
              RegistryMessage.Status.ACCEPTED,
              RegistryMessage.Status.REJECTED,
              RegistryMessage.Status.REJECTED);
    }
  }

  Bytes compromise(PrivateKey k) {
    return SignedRevocation.sign(
            new Revocation.Compromise(k.publicKey(), System.currentTimeMillis()), k)
        .encoded();
  }
}
