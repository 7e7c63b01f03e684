package io.ap2p.net.runtime;

import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * The encoding of one protocol's messages, with its size limit; ap2p-core's codecs plug in here.
 *
 * @param <M> the message type
 */
public interface WireCodec<M> {

  /** The encoded message. */
  Bytes encode(M message);

  /**
   * Decodes a message.
   *
   * @throws WireFormatException if the bytes are malformed or break a limit
   */
  M decode(Bytes bytes) throws WireFormatException;

  /** The largest encoded message accepted. */
  int maxMessage();

  /** A codec from two functions. */
  static <M> WireCodec<M> of(
      java.util.function.Function<M, Bytes> encode, Decoder<M> decode, int maxMessage) {
    return new WireCodec<>() {
      @Override
      public Bytes encode(M message) {
        return encode.apply(message);
      }

      @Override
      public M decode(Bytes bytes) throws WireFormatException {
        return decode.decode(bytes);
      }

      @Override
      public int maxMessage() {
        return maxMessage;
      }
    };
  }

  /** A decoding function. */
  @FunctionalInterface
  interface Decoder<M> {
    /** Decodes {@code bytes}. */
    M decode(Bytes bytes) throws WireFormatException;
  }
}
