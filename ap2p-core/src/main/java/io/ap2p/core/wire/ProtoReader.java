package io.ap2p.core.wire;

/**
 * Reads protobuf wire-format fields one at a time from a bounded buffer; every read checks bounds
 * and fails with {@link WireFormatException}. Unknown fields can be skipped.
 */
public final class ProtoReader {

  /** Wire type of varints. */
  public static final int VARINT = 0;

  /** Wire type of 64-bit values. */
  public static final int FIXED64 = 1;

  /** Wire type of length-delimited values. */
  public static final int LEN = 2;

  /** Wire type of 32-bit values. */
  public static final int FIXED32 = 5;

  private final byte[] in;
  private int at;
  private final int limit;
  private int field;
  private int wireType;

  /** A reader over all of {@code message}. */
  public ProtoReader(Bytes message) {
    this(message.toByteArray(), 0, message.length());
  }

  private ProtoReader(byte[] in, int from, int limit) {
    this.in = in;
    this.at = from;
    this.limit = limit;
  }

  /** Advances to the next field; false at the end of the message. */
  public boolean next() throws WireFormatException {
    if (at >= limit) {
      return false;
    }
    Varint.Read tag = Varint.read(in, at, limit);
    at = tag.next();
    long f = tag.value() >>> 3;
    if (f < 1 || f > (1 << 29) - 1) {
      throw new WireFormatException("invalid protobuf field number " + f);
    }
    field = (int) f;
    wireType = (int) (tag.value() & 7);
    return true;
  }

  /** The current field's number. */
  public int field() {
    return field;
  }

  /** The current field's wire type. */
  public int wireType() {
    return wireType;
  }

  /** The current field as a varint. */
  public long varint() throws WireFormatException {
    expect(VARINT);
    Varint.Read v = Varint.read(in, at, limit);
    at = v.next();
    return v.value();
  }

  /** The current field as bytes, at most {@code maxLength} long. */
  public Bytes bytes(int maxLength) throws WireFormatException {
    expect(LEN);
    int len = length(maxLength);
    Bytes b = Bytes.of(in, at, len);
    at += len;
    return b;
  }

  /**
   * The current field as UTF-8 text of at most {@code maxBytes} bytes. Malformed UTF-8 is refused
   * (protobuf strings must be valid UTF-8): decoding it leniently would turn each bad byte into
   * U+FFFD, three bytes when encoded again, so a message could pass its limits here and exceed them
   * once forwarded or stored.
   */
  public String string(int maxBytes) throws WireFormatException {
    expect(LEN);
    int len = length(maxBytes);
    try {
      String s =
          java.nio.charset.StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(in, at, len))
              .toString();
      at += len;
      return s;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new WireFormatException("field " + field + " is not valid UTF-8");
    }
  }

  /** The current field as an embedded message of at most {@code maxLength} bytes. */
  public ProtoReader message(int maxLength) throws WireFormatException {
    expect(LEN);
    int len = length(maxLength);
    ProtoReader sub = new ProtoReader(in, at, at + len);
    at += len;
    return sub;
  }

  /** Skips the current field, whatever its type. */
  public void skip() throws WireFormatException {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case LEN -> advance(length(limit - at));
      case FIXED32 -> advance(4);
      default -> throw new WireFormatException("unsupported protobuf wire type " + wireType);
    }
  }

  private int length(int maxLength) throws WireFormatException {
    Varint.Read v = Varint.read(in, at, limit);
    at = v.next();
    if (v.value() > limit - at) {
      throw new WireFormatException("field " + field + " is truncated");
    }
    if (v.value() > maxLength) {
      throw new WireFormatException("field " + field + " is longer than " + maxLength + " bytes");
    }
    return (int) v.value();
  }

  private void advance(int n) throws WireFormatException {
    if (n > limit - at) {
      throw new WireFormatException("field " + field + " is truncated");
    }
    at += n;
  }

  private void expect(int type) throws WireFormatException {
    if (wireType != type) {
      throw new WireFormatException(
          "field " + field + " has wire type " + wireType + ", expected " + type);
    }
  }
}
