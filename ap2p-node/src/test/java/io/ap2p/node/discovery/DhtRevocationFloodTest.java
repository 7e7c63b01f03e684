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
 * A DHT holder keeps only revocations it is among the closest peers for, and each sender only
 * within its quota: throwaway keys and a flooding sender cannot crowd out a real compromise.
 */
class DhtRevocationFloodTest {

  final SecureRandom random = new SecureRandom();
  final ManualClock clock = new ManualClock(1_800_000_000_000L);
  final PrivateKey self = PrivateKey.generate(random);
  // the DHT keys this holder is among the closest peers for (its routing table's say)
  final Set<Bytes> nearKeys = new HashSet<>();
  final DhtRevocations holder = new DhtRevocations(clock, self.peerId(), nearKeys::contains);

  RegistryMessage.Ack store(PrivateKey sender, SignedRevocation s) {
    return (RegistryMessage.Ack)
        holder.answer(sender.peerId(), new RegistryMessage.Revoke(s.encoded()));
  }

  SignedRevocation compromise(PrivateKey k) {
    return SignedRevocation.sign(new Revocation.Compromise(k.publicKey(), clock.millis()), k);
  }

  List<Bytes> about(PrivateKey k) {
    return ((RegistryMessage.Revoked)
            holder.answer(self.peerId(), new RegistryMessage.RevocationsOf(List.of(k.peerId()))))
        .revocations();
  }

  @Test
  void throwawayKeysAndAFloodingSenderCannotCrowdOutARealCompromise() {
    PrivateKey flooder = PrivateKey.generate(random);
    // keys whose DHT key this holder is not near: ignored, nothing kept
    for (int i = 0; i < 10; i++) {
      PrivateKey junk = PrivateKey.generate(random);
      RegistryMessage.Ack ack = store(flooder, compromise(junk));
      assertThat(ack.reason()).isEqualTo(DhtRevocations.NOT_CLOSE);
      assertThat(about(junk)).isEmpty();
    }
    // keys it is near (ground by the flooder): the sender's quota runs out
    int taken = 0;
    int limited = 0;
    for (int i = 0; i < 40; i++) {
      PrivateKey junk = PrivateKey.generate(random);
      nearKeys.add(DhtRevocations.key(junk.peerId()));
      RegistryMessage.Ack ack = store(flooder, compromise(junk));
      taken += ack.status() == RegistryMessage.Status.ACCEPTED ? 1 : 0;
      limited += "RATE_LIMITED".equals(ack.reason()) ? 1 : 0;
    }
    assertThat(limited).isEqualTo(40 - taken);
    assertThat(taken).isLessThanOrEqualTo((int) DhtRevocations.SENDER_BURST);
    // the owner's compromise of a key the holder is near, from another sender, is kept
    PrivateKey owner = PrivateKey.generate(random);
    nearKeys.add(DhtRevocations.key(owner.peerId()));
    SignedRevocation real = compromise(owner);
    assertThat(store(owner, real).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(about(owner)).containsExactly(real.encoded());
    // the quota refills with time
    clock.advance(3_600_000L);
    PrivateKey later = PrivateKey.generate(random);
    nearKeys.add(DhtRevocations.key(later.peerId()));
    assertThat(store(flooder, compromise(later)).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
  }

  @Test
  void aHolderNearTheSuccessorKeepsTheHandOverAndTheCompromiseThatVoidsIt() {
    PrivateKey a = PrivateKey.generate(random);
    PrivateKey b = PrivateKey.generate(random);
    nearKeys.add(DhtRevocations.key(b.peerId())); // near B's key only, not A's
    PrivateKey sender = PrivateKey.generate(random);
    // the compromise of A alone is not this holder's to keep
    assertThat(store(sender, compromise(a)).reason()).isEqualTo(DhtRevocations.NOT_CLOSE);
    SignedRevocation handOver = SignedRevocation.rotate(a, b, clock.millis());
    assertThat(store(sender, handOver).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    // with the hand-over held, it is: whoever asks about B must learn B is void
    SignedRevocation down = compromise(a);
    assertThat(store(sender, down).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(about(b)).contains(handOver.encoded(), down.encoded());
  }

  @Test
  void aForgedRevocationIsRejectedOnceAndKeptByNobody() {
    PrivateKey a = PrivateKey.generate(random);
    PrivateKey thief = PrivateKey.generate(random);
    nearKeys.add(DhtRevocations.key(a.peerId()));
    SignedRevocation real = compromise(a);
    SignedRevocation forged =
        new SignedRevocation(
            real.revocation(), real.body(), compromise(thief).signature(), real.countersignature());
    RegistryMessage.Ack ack = store(thief, forged);
    assertThat(ack.status()).isEqualTo(RegistryMessage.Status.REJECTED);
    assertThat(ack.reason()).isEqualTo("BAD_SIGNATURE");
    assertThat(about(a)).isEmpty();
  }

  /**
   * The owner's compromise of A reaches a holder near T (A's successor in a thief's hand-over)
   * before the hand-over does, so that holder answers it NOT_CLOSE and keeps only the hand-over. A
   * finder meeting T walks back from the hand-over and asks A's holders too, so it learns of the
   * compromise whatever the order of arrival.
   */
  @Test
  void aFinderLearnsOfTheOldKeysCompromiseWhateverTheOrderOfArrival() {
    PrivateKey a = PrivateKey.generate(random);
    PrivateKey t = PrivateKey.generate(random);
    nearKeys.add(DhtRevocations.key(t.peerId())); // this holder: near T's key only
    DhtRevocations nearA =
        new DhtRevocations(
            clock,
            PrivateKey.generate(random).peerId(),
            k -> k.equals(DhtRevocations.key(a.peerId())));
    PrivateKey owner = PrivateKey.generate(random);
    PrivateKey thief = PrivateKey.generate(random);
    SignedRevocation down = compromise(a);
    SignedRevocation handOver = SignedRevocation.rotate(a, t, clock.millis() - 1000);
    for (DhtRevocations h : List.of(holder, nearA)) { // the compromise first, then the hand-over
      h.answer(owner.peerId(), new RegistryMessage.Revoke(down.encoded()));
      h.answer(thief.peerId(), new RegistryMessage.Revoke(handOver.encoded()));
    }
    assertThat(about(t)).containsExactly(handOver.encoded()); // the holder alone
    List<Bytes> found =
        DhtRevocations.walkBack(
            t.peerId(),
            k ->
                ((RegistryMessage.Revoked)
                        (k.equals(t.peerId()) ? holder : nearA)
                            .answer(self.peerId(), new RegistryMessage.RevocationsOf(List.of(k))))
                    .revocations(),
            new io.ap2p.core.trust.revocation.RevocationValidator(
                clock, io.ap2p.core.trust.revocation.RevocationLimits.DEFAULTS));
    assertThat(found).contains(handOver.encoded(), down.encoded());
  }

  /**
   * Throwaway keys X1..Xn each handing over to one key P (which countersigns them all) would all be
   * kept by P's holders, from fresh sender identities, with no grinding per entry: a key is named
   * successor by one held hand-over only, so the rest are refused.
   */
  @Test
  void handOversToOneSuccessorAreKeptOnlyOnce() {
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
    assertThat(kept).isEqualTo(io.ap2p.core.trust.revocation.Revocations.MAX_PREDECESSORS);
  }
}
