package io.ap2p.core.wire;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 varints as used by multiformats and protobuf, at most 9 bytes (63 bits). */
public final class Varint {

  /** The longest varint accepted, per the multiformats unsigned-varint spec. */
  public static final int MAX_BYTES = 9;

  private Varint() {}

  /** Appends {@code value} (non-negative) to {@code out}. */
  public static void write(long value, ByteArrayOutputStream out) {
    if (value < 0) {
      throw new IllegalArgumentException("varint must be non-negative: " + value);
    }
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** The encoding of {@code value}. */
  public static byte[] encode(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
    write(value, out);
    return out.toByteArray();
  }

  /** The number of bytes {@code value} takes. */
  public static int size(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /**
   * Decodes the varint at {@code offset}; returns {@code value} and the offset after it packed as a
   * {@link Read}.
   *
   * @throws WireFormatException if truncated, longer than {@link #MAX_BYTES} or not minimal
   */
  public static Read read(byte[] in, int offset, int limit) throws WireFormatException {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (offset + i >= limit) {
        throw new WireFormatException("truncated varint");
      }
      int b = in[offset + i] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new WireFormatException("varint is not minimally encoded");
        }
        return new Read(value, offset + i + 1);
      }
    }
    throw new WireFormatException("varint longer than " + MAX_BYTES + " bytes");
  }

  /** A decoded varint and the offset just past it. */
  public record Read(long value, int next) {}
}
