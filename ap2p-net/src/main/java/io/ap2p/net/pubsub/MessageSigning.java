package io.ap2p.net.pubsub;

import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;

/**
 * The StrictSign policy (pubsub/README.md, "Message Signing" and "Signature Policy Options"): every
 * message carries its author ({@code from}), a sequence number and a signature by the author's key
 * over {@code "libp2p-pubsub:" ‖ protobuf(message without signature and key)}. Ed25519 keys are
 * inlined in the peer id, so {@code key} is left out when signing and, when a peer sends it, must
 * be the key of {@code from}.
 */
public final class MessageSigning {

  /** The raw prefix the specification puts before the signed bytes. */
  public static final SignatureDomain DOMAIN = new SignatureDomain("libp2p-pubsub:", false);

  /** Why a message was refused under StrictSign. */
  public enum Failure {
    /** No {@code from}, {@code seqno} or signature. */
    UNSIGNED,
    /** {@code from} is not a peer id whose key can be known. */
    BAD_AUTHOR,
    /** {@code key} does not decode or is not the author's. */
    BAD_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE
  }

  private MessageSigning() {}

  /** {@code author}'s signed message of {@code data} on {@code topic} with {@code seqno}. */
  public static PubsubMessage sign(Signer author, String topic, Bytes data, long seqno) {
    Bytes seq = Bytes.wrap(java.nio.ByteBuffer.allocate(8).putLong(seqno).array());
    PubsubMessage unsigned =
        new PubsubMessage(author.peerId().multihash(), data, seq, topic, Bytes.EMPTY, Bytes.EMPTY);
    Bytes sig = author.sign(DOMAIN, RpcCodec.encodeMessage(unsigned));
    return new PubsubMessage(unsigned.from(), data, seq, topic, sig, Bytes.EMPTY);
  }

  /** Empty if {@code m} is correctly signed by its author, else why not. */
  public static Optional<Failure> verify(PubsubMessage m) {
    if (m.from().length() == 0 || m.seqno().length() == 0 || m.signature().length() == 0) {
      return Optional.of(Failure.UNSIGNED);
    }
    PeerId author;
    try {
      author = new PeerId(m.from());
    } catch (IllegalArgumentException e) {
      return Optional.of(Failure.BAD_AUTHOR);
    }
    Optional<PublicKey> inline = author.publicKey();
    PublicKey key;
    if (m.key().length() > 0) {
      try {
        key = PublicKey.fromProtobuf(m.key());
      } catch (KeyFormatException | IllegalArgumentException e) {
        return Optional.of(Failure.BAD_KEY);
      }
      if (!key.peerId().equals(author)) {
        return Optional.of(Failure.BAD_KEY);
      }
    } else if (inline.isPresent()) {
      key = inline.get();
    } else {
      return Optional.of(Failure.BAD_AUTHOR); // a hashed id needs the key field
    }
    try {
      key.verify(DOMAIN, RpcCodec.encodeMessage(m.unsigned()), m.signature());
    } catch (SignatureVerificationException e) {
      return Optional.of(Failure.BAD_SIGNATURE);
    }
    return Optional.empty();
  }
}
