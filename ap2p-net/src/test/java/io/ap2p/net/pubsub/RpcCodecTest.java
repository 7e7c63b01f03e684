package io.ap2p.net.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The RPC codec round-trips, matches the spec's layout, and refuses hostile RPCs. */
class RpcCodecTest {

  static final PrivateKey KEY = PrivateKey.generate(new SecureRandom());

  static Rpc full() {
    PubsubMessage m = MessageSigning.sign(KEY, "t", Bytes.wrap(new byte[] {1, 2, 3}), 7);
    return new Rpc(
        List.of(new Rpc.SubOpts(true, "t"), new Rpc.SubOpts(false, "u")),
        List.of(m),
        new Rpc.Control(
            List.of(new Rpc.IHave("t", List.of(m.id()))),
            List.of(new Rpc.IWant(List.of(m.id()))),
            List.of(new Rpc.Graft("t")),
            List.of(new Rpc.Prune("u", 60))));
  }

  @Test
  void roundTrips() throws Exception {
    Rpc rpc = full();
    assertThat(RpcCodec.decode(RpcCodec.encode(rpc), RpcLimits.DEFAULTS)).isEqualTo(rpc);
    assertThat(RpcCodec.decode(new byte[0], RpcLimits.DEFAULTS)).isEqualTo(Rpc.EMPTY);
  }

  @Test
  void aSubscriptionHasTheSpecsLayout() {
    // RPC.subscriptions (1, len 5) { subscribe (1) = 1, topicid (2) = "t" }
    byte[] expected = {0x0a, 0x05, 0x08, 0x01, 0x12, 0x01, 't'};
    assertThat(
            RpcCodec.encode(
                new Rpc(List.of(new Rpc.SubOpts(true, "t")), List.of(), Rpc.Control.EMPTY)))
        .isEqualTo(expected);
  }

  @Test
  void everyTruncationIsRefusedOrDecodes() {
    byte[] whole = RpcCodec.encode(full());
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = Arrays.copyOf(whole, n);
      try {
        RpcCodec.decode(cut, RpcLimits.DEFAULTS);
      } catch (WireFormatException expected) {
        // refused with a typed failure, never another exception
      }
    }
  }

  @Test
  void refusesOversizedRpcs() {
    RpcLimits small = new RpcLimits(100, 2, 2, 2, 3, 8, 8, 1);
    assertThatThrownBy(() -> RpcCodec.decode(new byte[101], small))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void refusesTooManyOfAnything() {
    RpcLimits small = new RpcLimits(1 << 16, 2, 2, 2, 3, 8, 8, 1);
    List<Rpc.SubOpts> subs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      subs.add(new Rpc.SubOpts(true, "t" + i));
    }
    assertRefused(new Rpc(subs, List.of(), Rpc.Control.EMPTY), small);
    PubsubMessage m = MessageSigning.sign(KEY, "t", Bytes.EMPTY, 1);
    assertRefused(new Rpc(List.of(), List.of(m, m, m), Rpc.Control.EMPTY), small);
    List<Bytes> ids = List.of(Bytes.of(new byte[] {1}), Bytes.of(new byte[] {2}));
    assertRefused(
        new Rpc(
            List.of(),
            List.of(),
            new Rpc.Control(
                List.of(new Rpc.IHave("t", ids)),
                List.of(new Rpc.IWant(ids)),
                List.of(),
                List.of())),
        small);
    assertRefused(
        new Rpc(
            List.of(),
            List.of(),
            new Rpc.Control(
                List.of(),
                List.of(),
                List.of(new Rpc.Graft("a"), new Rpc.Graft("b"), new Rpc.Graft("c")),
                List.of())),
        small);
    assertRefused(
        new Rpc(List.of(new Rpc.SubOpts(true, "a-very-long-topic")), List.of(), Rpc.Control.EMPTY),
        small);
    assertRefused(
        new Rpc(
            List.of(),
            List.of(),
            new Rpc.Control(
                List.of(),
                List.of(new Rpc.IWant(List.of(Bytes.of(new byte[9])))),
                List.of(),
                List.of())),
        small);
  }

  @Test
  void refusesAMessageWithoutTopicAndTwoControls() {
    byte[] noTopic =
        new ProtoWriter()
            .bytes(2, new ProtoWriter().bytes(2, new byte[] {1}).toBytes())
            .toBytes()
            .toByteArray();
    assertThatThrownBy(() -> RpcCodec.decode(noTopic, RpcLimits.DEFAULTS))
        .isInstanceOf(WireFormatException.class);
    byte[] twoControls =
        new ProtoWriter().bytes(3, new byte[0]).bytes(3, new byte[0]).toBytes().toByteArray();
    assertThatThrownBy(() -> RpcCodec.decode(twoControls, RpcLimits.DEFAULTS))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void refusesTooManyPeerExchangeRecordsAndAbsurdBackoff() {
    ProtoWriter prune = new ProtoWriter().string(1, "t");
    prune.bytes(2, new byte[] {1}).bytes(2, new byte[] {2});
    byte[] rpc =
        new ProtoWriter()
            .bytes(3, new ProtoWriter().bytes(4, prune.toBytes()).toBytes())
            .toBytes()
            .toByteArray();
    assertThatThrownBy(() -> RpcCodec.decode(rpc, new RpcLimits(1 << 16, 2, 2, 2, 3, 8, 8, 1)))
        .isInstanceOf(WireFormatException.class);
    byte[] absurd =
        new ProtoWriter()
            .bytes(
                3,
                new ProtoWriter()
                    .bytes(4, new ProtoWriter().varint(3, 1_000_000_000L).toBytes())
                    .toBytes())
            .toBytes()
            .toByteArray();
    assertThatThrownBy(() -> RpcCodec.decode(absurd, RpcLimits.DEFAULTS))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void strictSignAcceptsSignedAndRefusesTamperedForeignAndUnsigned() {
    PubsubMessage m = MessageSigning.sign(KEY, "t", Bytes.wrap(new byte[] {9}), 42);
    assertThat(MessageSigning.verify(m)).isEmpty();
    PubsubMessage tampered =
        new PubsubMessage(
            m.from(), Bytes.wrap(new byte[] {8}), m.seqno(), m.topic(), m.signature(), m.key());
    assertThat(MessageSigning.verify(tampered)).contains(MessageSigning.Failure.BAD_SIGNATURE);
    PrivateKey other = PrivateKey.generate(new SecureRandom());
    PubsubMessage otherKey =
        new PubsubMessage(
            m.from(), m.data(), m.seqno(), m.topic(), m.signature(), other.publicKey().protobuf());
    assertThat(MessageSigning.verify(otherKey)).contains(MessageSigning.Failure.BAD_KEY);
    PubsubMessage withOwnKey =
        new PubsubMessage(
            m.from(), m.data(), m.seqno(), m.topic(), m.signature(), KEY.publicKey().protobuf());
    assertThat(MessageSigning.verify(withOwnKey)).isEmpty();
    assertThat(MessageSigning.verify(m.unsigned())).contains(MessageSigning.Failure.UNSIGNED);
    PubsubMessage badFrom =
        new PubsubMessage(
            Bytes.wrap(new byte[] {0, 1, 2}),
            m.data(),
            m.seqno(),
            m.topic(),
            m.signature(),
            Bytes.EMPTY);
    assertThat(MessageSigning.verify(badFrom)).contains(MessageSigning.Failure.BAD_AUTHOR);
    assertThat(Optional.of(m.id())).contains(Bytes.concat(m.from(), m.seqno()));
  }

  private static void assertRefused(Rpc rpc, RpcLimits limits) {
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(rpc), limits))
        .isInstanceOf(WireFormatException.class);
  }
}
