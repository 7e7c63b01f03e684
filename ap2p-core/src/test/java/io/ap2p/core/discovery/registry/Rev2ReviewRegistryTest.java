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
 * Review rev2 of 35bce8c (revocation flooding defence): cases where a hostile peer still crowds a
 * real compromise out of a registry's table, and where an answer drops what it had room for. Each
 * test fails on 35bce8c.
 */
class Rev2ReviewRegistryTest {

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
                Fixtures.signed(k, id, seq, Fixtures.T0, 3600).toJsonBytes()));
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
   * HIGH. A throwaway key that registers one descriptor and then declares itself compromised is
   * "favoured" (the registry held it), and its compromise withdraws that descriptor at once, so the
   * table's own quotas never bind: MAX such keys fill the table with favoured revocations, which
   * nothing evicts. The owner's real compromise of a key the registry holds is then refused
   * TABLE_FULL (docs/revocation.md says it "is always taken"), and the thief re-registers the key.
   */
  @Test
  void registeredThrowawayKeysStillCrowdOutARealCompromise() {
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
   * MEDIUM. The registry favours a revocation only by its own key: a hand-over A→T and the
   * compromise of A that voids T are unfavoured when A never registered here, even though T (the
   * thief's key) does. A flood of unregistered throwaway compromises evicts both, and T is taken
   * again well within the compromise's 30 days.
   */
  @Test
  void aCompromiseVoidingAHeldSuccessorIsEvictedByAFlood() {
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
   * MEDIUM. "Held or ever held" is ordered by first admission only: the listener hears {@code
   * added}, not {@code replaced}, so a key that has refreshed its descriptor all along is the first
   * one forgotten. Once a thief's hand-over withdraws it, the owner's compromise counts as one of
   * an unknown key and a flood evicts it, while the thief's hand-over (favoured) stays: T is taken.
   */
  @Test
  void aKeyThatKeepsRefreshingIsTheFirstForgotten() {
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
   * MEDIUM. A RevocationsOf answer gives each peer asked an equal share of 1,000 and passes what
   * one leaves unused only forward: asked about 100 providers, the first gets 10 even when the
   * other 99 have nothing, so 10 of its 20 descriptor revocations (its newest) are left out of an
   * answer with room for 990 more and the finder trusts those descriptors (fails open).
   */
  @Test
  void anAnswerLeavesOutRevocationsItHadRoomFor() {
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
}
