package io.ap2p.core.wire;

import java.io.ByteArrayOutputStream;

/** Writes protobuf (proto2/proto3 wire format) fields in the order given. */
public final class ProtoWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

  /** A varint field. */
  public ProtoWriter varint(int field, long value) {
    Varint.write((long) field << 3, out);
    Varint.write(value, out);
    return this;
  }

  /** A length-delimited field. */
  public ProtoWriter bytes(int field, Bytes value) {
    return bytes(field, value.toByteArray());
  }

  /** A length-delimited field. */
  public ProtoWriter bytes(int field, byte[] value) {
    Varint.write(((long) field << 3) | 2, out);
    Varint.write(value.length, out);
    out.writeBytes(value);
    return this;
  }

  /** A length-delimited field holding UTF-8 text. */
  public ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The number of bytes written so far. */
  public int size() {
    return out.size();
  }

  /** The encoded message. */
  public Bytes toBytes() {
    return Bytes.wrap(out.toByteArray());
  }
}
