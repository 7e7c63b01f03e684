package io.ap2p.net.transport;

import io.ap2p.core.wire.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
    long len = readVarint(in);
    if (len > max) {
      throw new ProtocolViolationException(
          "message of " + len + " bytes is over the limit of " + max);
    }
    byte[] msg = in.readNBytes((int) len);
    if (msg.length != len) {
      throw new EOFException("end of stream inside a message");
    }
    return msg;
  }

  /** Reads an unsigned varint (at most 9 bytes, minimally encoded). */
  public static long readVarint(InputStream in) throws IOException {
    long value = 0;
    for (int i = 0; i < Varint.MAX_BYTES; i++) {
      int b = in.read();
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

  /** Writes {@code message} with its length prefix (not flushed). */
  public static void write(OutputStream out, byte[] message) throws IOException {
    out.write(Varint.encode(message.length));
    out.write(message);
  }
}
