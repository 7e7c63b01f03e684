package io.ap2p.core.wire;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string: copies in, copies out. */
public final class Bytes implements Comparable<Bytes> {

  /** The empty byte string. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Bytes(byte[] owned) {
    this.bytes = owned;
  }

  /** A copy of {@code bytes}. */
  public static Bytes of(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static Bytes of(byte[] bytes, int offset, int length) {
    return new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /** Takes ownership of {@code bytes}; the caller must not change them afterwards. */
  public static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes);
  }

  /** Parses lower- or upper-case hex. */
  public static Bytes fromHex(String hex) {
    return new Bytes(HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
  }

  /** The concatenation of the given byte strings. */
  public static Bytes concat(Bytes... parts) {
    int total = 0;
    for (Bytes p : parts) {
      total = Math.addExact(total, p.bytes.length);
    }
    byte[] out = new byte[total];
    int at = 0;
    for (Bytes p : parts) {
      System.arraycopy(p.bytes, 0, out, at, p.bytes.length);
      at += p.bytes.length;
    }
    return new Bytes(out);
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** The byte at {@code index}. */
  public byte get(int index) {
    return bytes[index];
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Copies the bytes into {@code dest} at {@code offset}. */
  public void copyTo(byte[] dest, int offset) {
    System.arraycopy(bytes, 0, dest, offset, bytes.length);
  }

  /**
   * Writes the bytes to {@code out} without copying them first (the stream must not keep or change
   * the array it is handed, as no {@link java.io.OutputStream} contract allows it to).
   */
  public void writeTo(java.io.OutputStream out) throws java.io.IOException {
    out.write(bytes);
  }

  /** The bytes from {@code from} (inclusive) to {@code to} (exclusive). */
  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(bytes, from, to));
  }

  /** The bytes decoded as UTF-8. */
  public String toUtf8() {
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Lower-case hex. */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  /** Compares in constant time for equal lengths. */
  public boolean constantTimeEquals(Bytes other) {
    return java.security.MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 64
        ? "Bytes[" + toHex() + "]"
        : "Bytes[" + bytes.length + " bytes, " + HEX.formatHex(bytes, 0, 16) + "…]";
  }
}
