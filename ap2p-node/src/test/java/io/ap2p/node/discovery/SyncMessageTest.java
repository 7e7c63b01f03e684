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
            new SyncMessage.Page(
                List.of(Bytes.wrap(new byte[] {'{', '}'}), Bytes.wrap(new byte[] {'{', ' ', '}'})),
                0,
                List.of(Bytes.wrap(new byte[8]), Bytes.EMPTY)),
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

  @Test
  void aPageWithoutProofsEncodesAsBeforeProofsAndProofFieldsHaveLimits() throws Exception {
    // the bytes of a page from before identity proofs (field 3 absent), pinned
    assertThat(
            SyncMessage.encode(new SyncMessage.Page(List.of(Bytes.wrap(new byte[] {'{', '}'})), 7)))
        .isEqualTo(Bytes.fromHex("12060a027b7d1007"));
    // a page with proofs is read by a decoder that skips field 3 (an older replica): descriptors
    // and next are those of the page
    Bytes withProofs =
        SyncMessage.encode(
            new SyncMessage.Page(
                List.of(Bytes.wrap(new byte[] {'{', '}'})), 7, List.of(Bytes.wrap(new byte[8]))));
    assertThat(withProofs.toHex()).startsWith("1210" + "0a027b7d1007" + "1a08");
    Bytes d = Bytes.wrap(new byte[] {'{', '}'});
    assertRefusedWith(
        page(w -> w.bytes(1, d).bytes(3, new byte[65])),
        "field 3 is longer than 64 bytes"); // oversized proof
    assertRefusedWith( // a proof for a descriptor not there
        page(w -> w.bytes(1, d).bytes(3, new byte[8]).bytes(3, new byte[8])),
        "2 identity proofs for 1 descriptors");
    assertRefusedWith( // proofs for some descriptors only
        page(w -> w.bytes(1, d).bytes(1, d).bytes(3, new byte[8])),
        "1 identity proofs for 2 descriptors");
    assertRefusedWith(
        page(
            w -> {
              for (int i = 0; i <= SyncMessage.MAX_PAGE; i++) {
                w.bytes(3, new byte[8]);
              }
            }),
        "more than " + SyncMessage.MAX_PAGE + " identity proofs");
    byte[] whole = withProofs.toByteArray();
    for (int n = 1; n < whole.length; n++) {
      assertRefused(Bytes.wrap(Arrays.copyOf(whole, n))); // every truncation
    }
    assertThatThrownBy(() -> new SyncMessage.Page(List.of(d), 0, List.of(Bytes.wrap(new byte[65]))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 bytes");
  }

  private static Bytes page(java.util.function.Consumer<ProtoWriter> fields) {
    ProtoWriter w = new ProtoWriter();
    fields.accept(w);
    return new ProtoWriter().bytes(2, w.toBytes()).toBytes();
  }

  private static void assertRefusedWith(Bytes b, String message) {
    assertThatThrownBy(() -> SyncMessage.decode(b))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining(message);
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
