package io.ap2p.net.pubsub;

import io.ap2p.core.wire.Bytes;
import java.util.Objects;

/**
 * A pubsub message as it travels in an RPC (pubsub/README.md, "The Message"): its author's peer id
 * ({@code from}, multihash bytes), the payload, a sequence number, the topic, and the StrictSign
 * signature; {@code key} is empty when the author's key is inlined in its peer id (Ed25519).
 */
public record PubsubMessage(
    Bytes from, Bytes data, Bytes seqno, String topic, Bytes signature, Bytes key) {

  /** Checks that no part is null (empty parts mean absent fields). */
  public PubsubMessage {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(seqno, "seqno");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(key, "key");
  }

  /** This message without its signature and key: what StrictSign signs. */
  public PubsubMessage unsigned() {
    return new PubsubMessage(from, data, seqno, topic, Bytes.EMPTY, Bytes.EMPTY);
  }

  /**
   * The default message id of the specs (pubsub/README.md, "Message Identification"): {@code from ‖
   * seqno}, what js-libp2p and go-libp2p use under StrictSign.
   */
  public Bytes id() {
    return Bytes.concat(from, seqno);
  }
}
