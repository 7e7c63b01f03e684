package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A full registry revocation table keeps revocations by how long the registry held what they touch
 * (docs/revocation.md, "Who can fill a table"), and an answer uses all the room it has.
 */
class RegistryRevocationRankingTest {

  static final int MAX = 50;

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final RegistryServer server =
      new RegistryServer(
          clock,
          new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
          new RegistryLimits(
              io.ap2p.core.discovery.SoftStateTable.Limits.DEFAULTS,
              1e9,
              1e9,
              100_000,
              new RevocationLimits(86_430_000L, 30L * 86_400_000L, 30_000, 64, MAX)),
          new Matcher(RankingWeights.DEFAULT));

  RegistryMessage.Ack register(PrivateKey k, String id, long seq) {
    return (RegistryMessage.Ack)
        server.handle(
            k.peerId(),
            new RegistryMessage.Register(
                Fixtures.signed(k, id, seq, java.time.Instant.ofEpochMilli(clock.millis()), 3600)
                    .toJsonBytes()));
  }

  RegistryMessage.Ack send(PrivateKey from, SignedRevocation s) {
    return (RegistryMessage.Ack)
        server.handle(from.peerId(), new RegistryMessage.Revoke(s.encoded()));
  }

  SignedRevocation compromise(PrivateKey k) {
    return SignedRevocation.sign(new Revocation.Compromise(k.publicKey(), clock.millis()), k);
  }

  /** Throwaway keys that never registered: unfavoured, as the commit intends. */
  void floodUnregistered(int from) {
    for (int i = 0; i < MAX; i++) {
      PrivateKey junk = Fixtures.key(from + i);
      send(junk, compromise(junk));
    }
  }

  /**
   * Throwaway keys that register one descriptor and declare themselves compromised at once (which
   * withdraws it, so the table's quotas never bind) rank no higher than a held key's compromise: of
   * equal tenure, the one taken first goes. The thief cannot re-register the key.
   */
  @Test
  void keysThatRegisterAndRevokeThemselvesDoNotCrowdOutARealCompromise() {
    PrivateKey a = Fixtures.key(1);
    assertThat(register(a, "img", 5).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    for (int i = 0; i < MAX; i++) {
      PrivateKey junk = Fixtures.key(5000 + i);
      register(junk, "x", 1); // one registration each, withdrawn again by its own compromise
      send(junk, compromise(junk));
    }
    assertThat(server.table().byPeer(Fixtures.key(5000).peerId()))
        .as("the junk's descriptors are gone again: no table quota is used up")
        .isEmpty();
    RegistryMessage.Ack ack = send(Fixtures.key(3), compromise(a));
    assertThat(ack.status())
        .as("the owner's compromise of a held key: %s", ack)
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    // the thief, holding a's key, publishes again
    assertThat(register(a, "img", 6).reason()).isEqualTo("KEY_COMPROMISED");
  }

  /**
   * A hand-over A→T and the compromise of A that voids T rank by T's tenure too (A never registered
   * here, T, the thief's key, did), so a flood of unregistered throwaway compromises evicts neither
   * and T stays refused.
   */
  @Test
  void aCompromiseVoidingAHeldSuccessorOutlivesAFlood() {
    PrivateKey a = Fixtures.key(1); // registered elsewhere, never here
    PrivateKey t = Fixtures.key(2); // the thief's key
    assertThat(register(t, "img", 1).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    send(t, SignedRevocation.rotate(a, t, clock.millis()));
    assertThat(send(Fixtures.key(3), compromise(a)).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(register(t, "img", 2).reason())
        .as("before the flood the void successor is refused")
        .isEqualTo("KEY_COMPROMISED");
    floodUnregistered(7000);
    clock.advance(60_000);
    assertThat(register(t, "img", 3).reason())
        .as("after a flood of throwaway keys the void successor must still be refused")
        .isEqualTo("KEY_COMPROMISED");
  }

  /**
   * A key that has refreshed its descriptor all along is remembered as held (and for how long)
   * after a thief's hand-over withdraws it: the owner's compromise ranks by it, a flood does not
   * evict it, and T stays refused.
   */
  @Test
  void aKeyThatKeepsRefreshingIsRememberedAfterAHandOverWithdrawsIt() {
    PrivateKey a = Fixtures.key(1);
    PrivateKey t = Fixtures.key(2);
    register(a, "img", 1);
    for (int i = 0; i < MAX - 1; i++) {
      register(Fixtures.key(9000 + i), "x", 1);
    }
    assertThat(register(a, "img", 2).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    register(Fixtures.key(9999), "x", 1); // one key admitted after a's last refresh
    // the thief hands a over to t (favoured: a is in the table), withdrawing a
    assertThat(send(t, SignedRevocation.rotate(a, t, clock.millis())).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    // the owner declares a compromised
    assertThat(send(Fixtures.key(3), compromise(a)).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    floodUnregistered(11_000);
    clock.advance(60_000);
    assertThat(register(t, "img", 1).reason())
        .as("a was admitted (refreshed) more recently than all but one key")
        .isEqualTo("KEY_COMPROMISED");
  }

  /**
   * An answer about 100 providers shares out its room of 1,000 and gives what the others leave to
   * the one that has more: all 20 of the first's descriptor revocations come back.
   */
  @Test
  void anAnswerUsesTheRoomOtherPeersLeave() {
    Revocations held = new Revocations(clock, RevocationLimits.DEFAULTS);
    PrivateKey p = Fixtures.key(1);
    List<Bytes> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SignedRevocation s =
          SignedRevocation.sign(
              new Revocation.OfDescriptor(p.publicKey(), "cap" + i, 9, clock.millis()), p);
      held.offer(s);
      expected.add(s.encoded());
    }
    List<PeerId> asked = new ArrayList<>();
    asked.add(p.peerId());
    for (int i = 0; i < 99; i++) {
      asked.add(Fixtures.key(100 + i).peerId());
    }
    assertThat(RegistryRevocations.about(held, asked))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * A compromise of a key held for an hour evicts revocations of keys held for minutes, even when
   * those registered (and so are of some use) and fill the table.
   */
  @Test
  void aCompromiseOfALongerHeldKeyEvictsThoseOfKeysHeldBriefly() {
    PrivateKey a = Fixtures.key(1);
    register(a, "img", 1);
    clock.advance(3_000_000); // a is held for 50 minutes
    for (int i = 0; i < MAX; i++) {
      PrivateKey junk = Fixtures.key(5000 + i);
      register(junk, "x", 1);
      clock.advance(1000); // each held for a second
      send(junk, compromise(junk));
    }
    assertThat(server.revocations().held().size()).isEqualTo(MAX);
    RegistryMessage.Ack ack = send(Fixtures.key(3), compromise(a));
    assertThat(ack.status()).as("%s", ack).isEqualTo(RegistryMessage.Status.ACCEPTED);
    // more throwaway keys held for a second each do not evict it
    for (int i = 0; i < MAX; i++) {
      PrivateKey junk = Fixtures.key(6000 + i);
      register(junk, "x", 1);
      clock.advance(1000);
      send(junk, compromise(junk));
    }
    assertThat(register(a, "img", 2).reason()).isEqualTo("KEY_COMPROMISED");
  }

  /**
   * What an attacker can still do (docs/revocation.md): keys each held for longer than the victim
   * key, revoked, fill the table, and the victim's compromise is then refused TABLE_FULL (its
   * descriptors are still withdrawn).
   */
  @Test
  void keysHeldLongerThanTheVictimStillFillTheTable() {
    for (int i = 0; i < MAX; i++) {
      register(Fixtures.key(5000 + i), "x", 1);
    }
    clock.advance(600_000); // the junk is held for ten minutes
    PrivateKey a = Fixtures.key(1);
    register(a, "img", 1);
    clock.advance(60_000); // a, for one
    for (int i = 0; i < MAX; i++) {
      PrivateKey junk = Fixtures.key(5000 + i);
      send(junk, compromise(junk));
    }
    RegistryMessage.Ack ack = send(Fixtures.key(3), compromise(a));
    assertThat(ack.reason()).isEqualTo("TABLE_FULL");
    assertThat(ack.detail()).contains("1 descriptor(s) withdrawn");
  }
}
