package io.ap2p.core.wire;

import java.util.Arrays;

/**
 * Big-number base conversion with leading-zero preservation, as in base58btc and base36
 * (multibase). Inputs are small (peer ids, keys), so the quadratic algorithm is fine; callers bound
 * the length.
 */
public final class BaseN {

  /** The Bitcoin base58 alphabet (multibase {@code z}). */
  public static final BaseN BASE58_BTC =
      new BaseN("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");

  /** Lower-case base36 (multibase {@code k}). */
  public static final BaseN BASE36 = new BaseN("0123456789abcdefghijklmnopqrstuvwxyz");

  /** Longest text accepted by {@link #decode}. */
  public static final int MAX_TEXT = 512;

  private final char[] alphabet;
  private final int[] digitOf = new int[128];

  private BaseN(String alphabet) {
    this.alphabet = alphabet.toCharArray();
    Arrays.fill(digitOf, -1);
    for (int i = 0; i < this.alphabet.length; i++) {
      digitOf[this.alphabet[i]] = i;
    }
  }

  /** Encodes {@code bytes}. */
  public String encode(Bytes bytes) {
    byte[] in = bytes.toByteArray();
    int base = alphabet.length;
    int zeros = 0;
    while (zeros < in.length && in[zeros] == 0) {
      zeros++;
    }
    // digits in little-endian order, in the target base
    int[] digits = new int[in.length * 2 + 1];
    int len = 0;
    for (int i = zeros; i < in.length; i++) {
      int carry = in[i] & 0xFF;
      for (int j = 0; j < len; j++) {
        carry += digits[j] << 8;
        digits[j] = carry % base;
        carry /= base;
      }
      while (carry > 0) {
        digits[len++] = carry % base;
        carry /= base;
      }
    }
    StringBuilder sb = new StringBuilder(zeros + len);
    for (int i = 0; i < zeros; i++) {
      sb.append(alphabet[0]);
    }
    for (int i = len - 1; i >= 0; i--) {
      sb.append(alphabet[digits[i]]);
    }
    return sb.toString();
  }

  /**
   * Decodes {@code text}.
   *
   * @throws WireFormatException on a character outside the alphabet or text over {@link #MAX_TEXT}
   */
  public Bytes decode(String text) throws WireFormatException {
    if (text.length() > MAX_TEXT) {
      throw new WireFormatException("encoded text longer than " + MAX_TEXT + " characters");
    }
    int base = alphabet.length;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == alphabet[0]) {
      zeros++;
    }
    byte[] out = new byte[text.length()];
    int len = 0; // little-endian bytes
    for (int i = zeros; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? digitOf[c] : -1;
      if (digit < 0) {
        throw new WireFormatException("invalid character '" + c + "' at position " + i);
      }
      int carry = digit;
      for (int j = 0; j < len; j++) {
        carry += (out[j] & 0xFF) * base;
        out[j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        out[len++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] result = new byte[zeros + len];
    for (int i = 0; i < len; i++) {
      result[zeros + i] = out[len - 1 - i];
    }
    return Bytes.wrap(result);
  }
}
