package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import org.junit.jupiter.api.Test;

/**
 * A registry that prices identities refuses registrations without a proof of the required bits for
 * the sender, with a reason and the bits, and takes them once proven.
 */
class IdentityAdmissionTest {

  static final int BITS = 10;

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());

  RegistryServer server(int bits, int tracked) {
    return new RegistryServer(
        clock,
        new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
        new RegistryLimits(SoftStateTable.Limits.DEFAULTS, 1000, 1000, tracked)
            .withIdentityBits(bits),
        new Matcher(RankingWeights.DEFAULT));
  }

  static RegistryMessage.Register reg(PrivateKey k, int seq, Bytes proof) {
    return new RegistryMessage.Register(
        Fixtures.signed(k, "img", seq, Fixtures.T0, 60).toJsonBytes(), proof);
  }

  static RegistryMessage.Ack ack(RegistryServer s, PrivateKey from, RegistryMessage m) {
    return (RegistryMessage.Ack) RegistryServerTest.inSteps(s, from.peerId(), m);
  }

  static int held(RegistryServer s) {
    return ((RegistryMessage.Found)
            s.handle(
                Fixtures.key(999).peerId(),
                new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 100))))
        .descriptors()
        .size();
  }

  @Test
  void withoutAProofARegistrationIsRefusedWithTheBitsAndWithOneItIsTaken() {
    RegistryServer s = server(BITS, 100);
    PrivateKey k = Fixtures.key(1);
    RegistryMessage.Ack refused = ack(s, k, reg(k, 1, Bytes.EMPTY));
    assertThat(refused.status()).isEqualTo(RegistryMessage.Status.REJECTED);
    assertThat(refused.reason()).isEqualTo("IDENTITY_PROOF_REQUIRED");
    assertThat(refused.identityBits()).isEqualTo(BITS);
    assertThat(refused.detail()).contains("10 bits");
    assertThat(held(s)).isZero();
    Bytes proof = IdentityProof.mint(k.peerId(), BITS).counter();
    RegistryMessage.Ack ok = ack(s, k, reg(k, 2, proof));
    assertThat(ok.status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(ok.identityBits()).isZero();
    assertThat(held(s)).isOne();
    // proven once: a refresh without the proof is taken too (the peer is authenticated)
    assertThat(ack(s, k, reg(k, 3, Bytes.EMPTY)).reason()).isEqualTo("REPLACED");
  }

  @Test
  void forgedProofsAreRefusedAndTheRegistryKeepsServing() {
    RegistryServer s = server(BITS, 100);
    PrivateKey k = Fixtures.key(1);
    PrivateKey other = Fixtures.key(2);
    IdentityProof.Minted theirs = IdentityProof.mint(other.peerId(), BITS);
    // another peer's counter (replayed from its registration)
    assertThat(IdentityProof.bits(k.peerId(), theirs.counter())).isLessThan(BITS);
    RegistryMessage.Ack replayed = ack(s, k, reg(k, 1, theirs.counter()));
    assertThat(replayed.reason()).isEqualTo("IDENTITY_PROOF_INVALID");
    assertThat(replayed.identityBits()).isEqualTo(BITS);
    // too few bits: a counter minted for 4 bits that happens to give fewer than 10
    IdentityProof.Minted weak = weak(k, BITS);
    assertThat(ack(s, k, reg(k, 1, weak.counter())).detail())
        .contains("gives " + weak.bits() + " bits");
    // truncated and oversized counters
    Bytes good = IdentityProof.mint(k.peerId(), BITS).counter();
    assertThat(ack(s, k, reg(k, 1, good.slice(0, 7))).detail()).contains("not 7");
    assertThat(ack(s, k, reg(k, 1, Bytes.concat(good, Bytes.wrap(new byte[1])))).reason())
        .isEqualTo("IDENTITY_PROOF_INVALID");
    assertThat(held(s)).isZero();
    // the other peer's own registration with its proof is taken, and so is k's real one
    assertThat(ack(s, other, reg(other, 1, theirs.counter())).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(ack(s, k, reg(k, 2, good)).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(held(s)).isEqualTo(2);
  }

  @Test
  void aProofForMoreBitsIsTakenAndNoneIsAskedAtZero() {
    PrivateKey k = Fixtures.key(3);
    Bytes strong = IdentityProof.mint(k.peerId(), BITS + 2).counter();
    assertThat(ack(server(BITS, 100), k, reg(k, 1, strong)).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    RegistryServer free = server(0, 100);
    assertThat(ack(free, k, reg(k, 1, Bytes.EMPTY)).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    // at 0 a junk proof is ignored, as a registry before this field ignored it
    assertThat(ack(free, k, reg(k, 2, Bytes.wrap(new byte[3]))).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
  }

  @Test
  void provenPeersAreRememberedWithinABoundAndAskedAgainAfter() {
    RegistryServer s = server(BITS, 2);
    PrivateKey[] ks = {Fixtures.key(11), Fixtures.key(12), Fixtures.key(13)};
    for (PrivateKey k : ks) {
      Bytes p = IdentityProof.mint(k.peerId(), BITS).counter();
      assertThat(ack(s, k, reg(k, 1, p)).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    }
    // the first was forgotten (cap 2): without its proof it is asked again; the last is not
    assertThat(ack(s, ks[0], reg(ks[0], 2, Bytes.EMPTY)).reason())
        .isEqualTo("IDENTITY_PROOF_REQUIRED");
    assertThat(ack(s, ks[2], reg(ks[2], 2, Bytes.EMPTY)).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
  }

  @Test
  void aReplicaIsAskedForTheSignersProofAsADirectRegistrationIs() {
    RegistryServer s = server(BITS, 100);
    PrivateKey k = Fixtures.key(4);
    RegistryMessage.Register bare = reg(k, 1, Bytes.EMPTY);
    RegistryMessage.Ack refused =
        (RegistryMessage.Ack)
            ((RegistryServer.Begun.Reply) s.beginReplica(k.peerId(), bare)).message();
    assertThat(refused.reason()).isEqualTo("IDENTITY_PROOF_REQUIRED");
    assertThat(refused.identityBits()).isEqualTo(BITS);
    // another peer's counter (replayed with this key's descriptor) is not this key's proof
    Bytes other = IdentityProof.mint(Fixtures.key(5).peerId(), BITS + 4).counter();
    Bytes own = IdentityProof.mint(k.peerId(), BITS).counter();
    if (IdentityProof.bits(k.peerId(), other) < BITS) {
      assertThat(
              ((RegistryMessage.Ack)
                      ((RegistryServer.Begun.Reply) s.beginReplica(k.peerId(), reg(k, 1, other)))
                          .message())
                  .reason())
          .isEqualTo("IDENTITY_PROOF_INVALID");
    }
    assertThat(s.identityProof(k.peerId())).isEqualTo(Bytes.EMPTY);
    assertThat(s.beginReplica(k.peerId(), reg(k, 1, own)))
        .isInstanceOf(RegistryServer.Begun.Judge.class);
    // kept, so this registry can hand it on to its own replicas (gossip, sync pages)
    assertThat(s.identityProof(k.peerId())).isEqualTo(own);
    assertThat(server(0, 100).beginReplica(k.peerId(), bare))
        .isInstanceOf(RegistryServer.Begun.Judge.class);
  }

  /** A counter that gives {@code k} fewer than {@code bits} bits but some. */
  static IdentityProof.Minted weak(PrivateKey k, int bits) {
    for (int b = bits - 1; b > 0; b--) {
      IdentityProof.Minted m = IdentityProof.mint(k.peerId(), b);
      if (m.bits() < bits) {
        return m;
      }
    }
    throw new AssertionError("no weak counter");
  }
}
