package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.pubsub.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /ap2p/registry-sync/1.0.0} messages round-trip and hostile ones are refused with a typed
 * failure; replicated descriptors get the GossipSub verdict their registry answer calls for.
 */
class SyncMessageTest {

  @Test
  void everyMessageRoundTrips() throws Exception {
    List<SyncMessage> all =
        List.of(
            new SyncMessage.PageRequest(0),
            new SyncMessage.PageRequest(12345),
            new SyncMessage.RevocationsRequest(0),
            new SyncMessage.RevocationsRequest(300),
            new SyncMessage.Page(List.of(Bytes.wrap(new byte[] {'{', '}'})), 7),
            new SyncMessage.Page(List.of(), 0),
            new SyncMessage.HoldsRequest(List.of("a", "b")),
            new SyncMessage.Holds(List.of(new SyncMessage.Held("a", 3))));
    for (SyncMessage m : all) {
      assertThat(SyncMessage.decode(SyncMessage.encode(m))).isEqualTo(m);
    }
  }

  @Test
  void hostileMessagesAreRefused() {
    assertRefused(Bytes.EMPTY); // nothing
    assertRefused(Bytes.wrap(new byte[SyncMessage.MAX_MESSAGE + 1])); // oversized
    Bytes two =
        Bytes.concat(
            SyncMessage.encode(new SyncMessage.PageRequest(1)),
            SyncMessage.encode(new SyncMessage.PageRequest(2)));
    assertRefused(two); // two messages in one
    assertRefused(new ProtoWriter().bytes(9, new byte[0]).toBytes()); // unknown kind
    ProtoWriter page = new ProtoWriter();
    for (int i = 0; i <= SyncMessage.MAX_PAGE; i++) {
      page.bytes(1, new byte[] {1});
    }
    assertRefused(new ProtoWriter().bytes(2, page.toBytes()).toBytes()); // too many descriptors
    List<String> ids = new ArrayList<>();
    for (int i = 0; i <= SyncMessage.MAX_IDS; i++) {
      ids.add("c" + i);
    }
    assertThatThrownBy(() -> SyncMessage.decode(encodeIds(ids)))
        .isInstanceOf(WireFormatException.class);
    byte[] whole =
        SyncMessage.encode(new SyncMessage.Holds(List.of(new SyncMessage.Held("abc", 9))))
            .toByteArray();
    for (int n = 1; n < whole.length; n++) {
      assertRefused(Bytes.wrap(Arrays.copyOf(whole, n))); // every truncation
    }
  }

  private static Bytes encodeIds(List<String> ids) {
    ProtoWriter w = new ProtoWriter();
    ids.forEach(id -> w.string(1, id));
    return new ProtoWriter().bytes(3, w.toBytes()).toBytes();
  }

  private static void assertRefused(Bytes b) {
    assertThatThrownBy(() -> SyncMessage.decode(b)).isInstanceOf(WireFormatException.class);
  }

  @Test
  void replicatedDescriptorsGetTheRightVerdict() {
    assertThat(Federation.verdict(ack(RegistryMessage.Status.ACCEPTED, "ADDED")))
        .isEqualTo(Validation.ACCEPT);
    assertThat(Federation.verdict(ack(RegistryMessage.Status.REJECTED, "BAD_SIGNATURE")))
        .isEqualTo(Validation.REJECT);
    assertThat(Federation.verdict(ack(RegistryMessage.Status.REJECTED, "PEER_MISMATCH")))
        .isEqualTo(Validation.REJECT);
    assertThat(Federation.verdict(ack(RegistryMessage.Status.REJECTED, "STALE_SEQ")))
        .isEqualTo(Validation.IGNORE);
    assertThat(Federation.verdict(ack(RegistryMessage.Status.IGNORED, "DUPLICATE")))
        .isEqualTo(Validation.IGNORE);
    assertThat(Federation.verdict(ack(RegistryMessage.Status.REJECTED, "RATE_LIMITED")))
        .isEqualTo(Validation.IGNORE);
  }

  private static RegistryMessage.Ack ack(RegistryMessage.Status s, String reason) {
    return new RegistryMessage.Ack(s, reason, "", 0);
  }
}
