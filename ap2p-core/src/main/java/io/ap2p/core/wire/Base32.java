package io.ap2p.core.wire;

/** RFC 4648 base32, lower case, unpadded (multibase {@code b}). */
public final class Base32 {

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private Base32() {}

  /** Encodes {@code bytes}. */
  public static String encode(Bytes bytes) {
    byte[] in = bytes.toByteArray();
    StringBuilder sb = new StringBuilder((in.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : in) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }

  /**
   * Decodes unpadded base32 in either case.
   *
   * @throws WireFormatException on a character outside the alphabet or non-zero trailing bits
   */
  public static Bytes decode(String text) throws WireFormatException {
    if (text.length() > BaseN.MAX_TEXT) {
      throw new WireFormatException("encoded text longer than " + BaseN.MAX_TEXT + " characters");
    }
    byte[] out = new byte[text.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int at = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = Character.toLowerCase(text.charAt(i));
      int v;
      if (c >= 'a' && c <= 'z') {
        v = c - 'a';
      } else if (c >= '2' && c <= '7') {
        v = c - '2' + 26;
      } else {
        throw new WireFormatException("invalid base32 character '" + c + "' at position " + i);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[at++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
      throw new WireFormatException("base32 text has a malformed tail");
    }
    return Bytes.wrap(out);
  }
}
