package io.ap2p.core.wire;

/** Multibase text: a one-character prefix naming the base, then the encoded bytes. */
public final class Multibase {

  private Multibase() {}

  /**
   * Decodes multibase text in base32 ({@code b}/{@code B}), base36 ({@code k}) or base58btc ({@code
   * z}).
   *
   * @throws WireFormatException on an unsupported prefix or malformed text
   */
  public static Bytes decode(String text) throws WireFormatException {
    if (text.isEmpty()) {
      throw new WireFormatException("empty multibase text");
    }
    String body = text.substring(1);
    return switch (text.charAt(0)) {
      case 'b', 'B' -> Base32.decode(body);
      case 'k', 'K' -> BaseN.BASE36.decode(body.toLowerCase(java.util.Locale.ROOT));
      case 'z' -> BaseN.BASE58_BTC.decode(body);
      default ->
          throw new WireFormatException(
              "unsupported multibase prefix '" + text.charAt(0) + "' (expected b, k or z)");
    };
  }

  /** Encodes {@code bytes} as base32 multibase ({@code b…}). */
  public static String encodeBase32(Bytes bytes) {
    return "b" + Base32.encode(bytes);
  }
}
