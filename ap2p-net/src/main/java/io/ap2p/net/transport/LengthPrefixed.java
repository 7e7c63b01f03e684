package io.ap2p.net.transport;

import io.ap2p.core.wire.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** Unsigned-varint length-prefixed messages over byte streams (multistream-select, identify). */
public final class LengthPrefixed {

  private LengthPrefixed() {}

  /**
   * Reads one message of at most {@code max} bytes.
   *
   * @throws EOFException at end of stream before or inside the message
   * @throws ProtocolViolationException if the length is malformed or above {@code max}
   */
  public static byte[] read(InputStream in, int max) throws IOException {
    return readIfAny(in, max)
        .orElseThrow(() -> new EOFException("end of stream inside a length prefix"));
  }

  /**
   * Reads one message of at most {@code max} bytes, or nothing if the stream ends cleanly first
   * (the peer has no more messages).
   *
   * @throws EOFException at end of stream inside the message
   * @throws ProtocolViolationException if the length is malformed or above {@code max}
   */
  public static Optional<byte[]> readIfAny(InputStream in, int max) throws IOException {
    int first = in.read();
    if (first < 0) {
      return Optional.empty();
    }
    long len = readVarint(in, first);
    if (len > max) {
      throw new ProtocolViolationException(
          "message of " + len + " bytes is over the limit of " + max);
    }
    byte[] msg = in.readNBytes((int) len);
    if (msg.length != len) {
      throw new EOFException("end of stream inside a message");
    }
    return Optional.of(msg);
  }

  /** Reads an unsigned varint (at most 9 bytes, minimally encoded). */
  public static long readVarint(InputStream in) throws IOException {
    return readVarint(in, in.read());
  }

  /** Reads an unsigned varint whose first byte ({@code first}, -1 at end) was already read. */
  private static long readVarint(InputStream in, int first) throws IOException {
    long value = 0;
    for (int i = 0; i < Varint.MAX_BYTES; i++) {
      int b = i == 0 ? first : in.read();
      if (b < 0) {
        throw new EOFException("end of stream inside a length prefix");
      }
      if (i > 0 && b == 0) {
        throw new ProtocolViolationException("length prefix is not minimally encoded");
      }
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new ProtocolViolationException(
        "length prefix longer than " + Varint.MAX_BYTES + " bytes");
  }

  /**
   * Writes {@code message} with its length prefix in one write (one frame on a yamux stream; not
   * flushed).
   */
  public static void write(OutputStream out, byte[] message) throws IOException {
    byte[] prefix = Varint.encode(message.length);
    byte[] framed = new byte[prefix.length + message.length];
    System.arraycopy(prefix, 0, framed, 0, prefix.length);
    System.arraycopy(message, 0, framed, prefix.length, message.length);
    out.write(framed);
  }
}
