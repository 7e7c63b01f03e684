package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryRevocationsTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final RegistryServer server =
      new RegistryServer(
          clock,
          new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
          new RegistryLimits(
              io.ap2p.core.discovery.SoftStateTable.Limits.DEFAULTS, 1e9, 1e9, 100_000),
          new Matcher(RankingWeights.DEFAULT));
  final PrivateKey a = Fixtures.key(1);
  final PrivateKey b = Fixtures.key(2);
  final PrivateKey stranger = Fixtures.key(9);

  RegistryMessage.Ack register(PrivateKey k, SignedDescriptor sd) {
    return (RegistryMessage.Ack)
        server.handle(k.peerId(), new RegistryMessage.Register(sd.toJsonBytes()));
  }

  RegistryMessage.Ack revoke(PrivateKey from, SignedRevocation s) {
    return revoke(from, s.encoded());
  }

  RegistryMessage.Ack revoke(PrivateKey from, Bytes encoded) {
    // through the codec, as a peer would send it
    RegistryMessage m = new RegistryMessage.Revoke(encoded);
    try {
      m = RegistryCodec.decode(RegistryCodec.encode(m));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return (RegistryMessage.Ack) server.handle(from.peerId(), m);
  }

  List<Bytes> find() {
    return ((RegistryMessage.Found)
            server.handle(
                stranger.peerId(),
                new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 100))))
        .descriptors();
  }

  SignedRevocation ofDescriptor(PrivateKey k, String id, long seq) {
    return SignedRevocation.sign(
        new Revocation.OfDescriptor(k.publicKey(), id, seq, clock.millis()), k);
  }

  @Test
  void aRevokedDescriptorLeavesAnswersAtOnceAndItsSeqCannotComeBack() {
    SignedDescriptor v5 = Fixtures.signed(a, "img", 5, Fixtures.T0, 3600);
    register(a, v5);
    register(b, Fixtures.signed(b, "img", 1, Fixtures.T0, 3600));
    assertThat(find()).hasSize(2);
    // anyone may carry it: the signature authenticates it, not the sender
    RegistryMessage.Ack ack = revoke(stranger, ofDescriptor(a, "img", 5));
    assertThat(ack.status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(ack.detail()).startsWith("1 descriptor");
    assertThat(find()).hasSize(1).doesNotContain(v5.toJsonBytes());
    // the same bytes again, and an older seq, are refused by the revocation itself (the table's
    // seq mark would refuse a replay too, but only for a day and only where it was withdrawn)
    assertThat(register(a, v5).reason()).isEqualTo("DESCRIPTOR_REVOKED");
    assertThat(server.revocations().held().refusal(v5.key(), 5))
        .contains(io.ap2p.core.trust.revocation.RevocationReason.DESCRIPTOR_REVOKED);
    assertThat(register(a, Fixtures.signed(a, "img", 4, Fixtures.T0, 3600)).reason())
        .isEqualTo("DESCRIPTOR_REVOKED");
    // a replayed revocation changes nothing, and a re-publish above it is taken
    assertThat(revoke(stranger, ofDescriptor(a, "img", 5)).status())
        .isEqualTo(RegistryMessage.Status.IGNORED);
    assertThat(register(a, Fixtures.signed(a, "img", 6, Fixtures.T0, 3600)).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(find()).hasSize(2);
    // still refused long after the TTL mark of the table is gone, while the revocation is held
    clock.advance(3_600_000L * 20);
    assertThat(register(a, Fixtures.signed(a, "img", 5, clockNow(), 3600)).reason())
        .isEqualTo("DESCRIPTOR_REVOKED");
  }

  java.time.Instant clockNow() {
    return java.time.Instant.ofEpochMilli(clock.millis());
  }

  @Test
  void aForgedRevocationRemovesNothing() {
    register(a, Fixtures.signed(a, "img", 5, Fixtures.T0, 3600));
    Revocation r = new Revocation.OfDescriptor(a.publicKey(), "img", 5, clock.millis());
    Bytes body = RevocationCodec.encodeBody(r);
    SignedRevocation forged =
        new SignedRevocation(r, body, stranger.sign(SignedRevocation.DOMAIN, body), Bytes.EMPTY);
    RegistryMessage.Ack ack = revoke(stranger, forged);
    assertThat(ack.status()).isEqualTo(RegistryMessage.Status.REJECTED);
    assertThat(ack.reason()).isEqualTo("BAD_SIGNATURE");
    assertThat(revoke(stranger, Bytes.wrap(new byte[] {1, 2, 3})).reason()).isEqualTo("MALFORMED");
    assertThat(find()).hasSize(1);
  }

  @Test
  void aHandOverWithdrawsTheOldKeyAndTheSuccessorPublishes() {
    register(a, Fixtures.signed(a, "img", 5, Fixtures.T0, 3600));
    register(a, Fixtures.signed(a, "img2", 5, Fixtures.T0, 3600));
    RegistryMessage.Ack ack = revoke(a, SignedRevocation.rotate(a, b, clock.millis()));
    assertThat(ack.detail()).startsWith("2 descriptor");
    assertThat(find()).isEmpty();
    assertThat(register(a, Fixtures.signed(a, "img", 99, Fixtures.T0, 3600)).reason())
        .isEqualTo("KEY_ROTATED");
    assertThat(register(b, Fixtures.signed(b, "img", 1, Fixtures.T0, 3600)).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    RegistryMessage.Revoked about =
        (RegistryMessage.Revoked)
            server.handle(
                stranger.peerId(), new RegistryMessage.RevocationsOf(List.of(a.peerId())));
    assertThat(about.revocations()).hasSize(1);
    // a compromise of the old key voids the hand-over: its successor leaves too
    revoke(a, SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), clock.millis()), a));
    assertThat(find()).isEmpty();
    assertThat(register(b, Fixtures.signed(b, "img", 2, Fixtures.T0, 3600)).reason())
        .isEqualTo("KEY_COMPROMISED");
  }

  @Test
  void revocationMessagesRoundTripAndHostileOnesAreRefused() throws Exception {
    Bytes s = ofDescriptor(a, "img", 5).encoded();
    for (RegistryMessage m :
        List.of(
            new RegistryMessage.Revoke(s),
            new RegistryMessage.RevocationsOf(List.of(a.peerId(), b.peerId())),
            new RegistryMessage.Revoked(List.of(s, s)))) {
      assertThat(RegistryCodec.decode(RegistryCodec.encode(m))).isEqualTo(m);
    }
    io.ap2p.core.wire.ProtoWriter many = new io.ap2p.core.wire.ProtoWriter();
    for (int i = 0; i <= RegistryCodec.MAX_REVOCATION_PEERS; i++) {
      many.bytes(1, a.peerId().multihash());
    }
    Bytes tooMany =
        new io.ap2p.core.wire.ProtoWriter().varint(1, 1).bytes(8, many.toBytes()).toBytes();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryCodec.decode(tooMany))
        .isInstanceOf(io.ap2p.core.wire.WireFormatException.class);
    Bytes big =
        new io.ap2p.core.wire.ProtoWriter()
            .varint(1, 1)
            .bytes(
                7,
                new io.ap2p.core.wire.ProtoWriter()
                    .bytes(1, new byte[RevocationCodec.MAX_BYTES + 1])
                    .toBytes())
            .toBytes();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryCodec.decode(big))
        .isInstanceOf(io.ap2p.core.wire.WireFormatException.class);
  }
}
