package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Review rev2 of 35bce8c: a DHT holder near a successor's key keeps a compromise of the old key
 * only if the hand-over arrived first, so what a finder asking about the successor learns depends
 * on the order of arrival. Fails on 35bce8c.
 */
class Rev2ReviewDhtTest {

  final SecureRandom random = new SecureRandom();
  final ManualClock clock = new ManualClock(1_800_000_000_000L);
  final PrivateKey self = PrivateKey.generate(random);
  final Set<Bytes> nearKeys = new HashSet<>();
  final DhtRevocations holder = new DhtRevocations(clock, self.peerId(), nearKeys::contains);

  RegistryMessage.Ack store(PrivateKey sender, SignedRevocation s) {
    return (RegistryMessage.Ack)
        holder.answer(sender.peerId(), new RegistryMessage.Revoke(s.encoded()));
  }

  List<Bytes> about(PrivateKey k) {
    return ((RegistryMessage.Revoked)
            holder.answer(self.peerId(), new RegistryMessage.RevocationsOf(List.of(k.peerId()))))
        .revocations();
  }

  /**
   * MEDIUM. The owner publishes the compromise of A (to the holders of A's key and of the
   * successors it knows of); a thief's hand-over A→T, published at the same time or just after,
   * reaches T's holders second. They answered the compromise NOT_CLOSE and keep only the hand-over,
   * so a finder asking them about T (all it asks, DhtRevocations.ask) carries A's standing to the
   * thief. Heard in the other order the same holder keeps both.
   */
  @Test
  void whatTheSuccessorsHolderKeepsDependsOnTheOrderOfArrival() {
    PrivateKey a = PrivateKey.generate(random);
    PrivateKey t = PrivateKey.generate(random);
    nearKeys.add(DhtRevocations.key(t.peerId())); // near T's key only
    PrivateKey owner = PrivateKey.generate(random);
    PrivateKey thief = PrivateKey.generate(random);
    SignedRevocation down =
        SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), clock.millis()), a);
    store(owner, down);
    SignedRevocation handOver = SignedRevocation.rotate(a, t, clock.millis() - 1000);
    assertThat(store(thief, handOver).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(about(t))
        .as("whoever asks about T must learn that A, which handed over to it, is compromised")
        .contains(handOver.encoded(), down.encoded());
  }

  /**
   * MEDIUM. "Keeps only what it is among the closest for" does not bound what one key can make
   * holders keep: a hand-over counts for the holders of its successor's key, so throwaway keys
   * X1..Xn each handing over to one attacker key P (which countersigns them all) are all kept by
   * P's holders; no grinding is needed, and grinding one P whose DHT key lands next to a victim's
   * puts the flood on exactly the victim's holders (docs/revocation.md says they would be
   * "different peers"). Only the per-sender quota slows it, and fresh sender identities reset it.
   */
  @Test
  void handOversToOneSuccessorAreAllKeptByItsHolders() {
    PrivateKey p = PrivateKey.generate(random);
    nearKeys.add(DhtRevocations.key(p.peerId()));
    int kept = 0;
    for (int s = 0; s < 8; s++) {
      PrivateKey sender = PrivateKey.generate(random); // a fresh identity: a fresh quota
      for (int i = 0; i < (int) DhtRevocations.SENDER_BURST; i++) {
        PrivateKey x = PrivateKey.generate(random);
        if (store(sender, SignedRevocation.rotate(x, p, clock.millis())).status()
            == RegistryMessage.Status.ACCEPTED) {
          kept++;
        }
      }
    }
    assertThat(kept)
        .as("hand-overs naming one successor kept by its holder")
        .isLessThanOrEqualTo(io.ap2p.core.trust.revocation.Revocations.MAX_ABOUT);
  }
}
