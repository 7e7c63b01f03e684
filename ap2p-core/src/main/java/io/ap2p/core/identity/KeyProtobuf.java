package io.ap2p.core.identity;

import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Varint;
import io.ap2p.core.wire.WireFormatException;
import java.io.ByteArrayOutputStream;

/**
 * The libp2p key protobufs (peer-ids spec, "Keys"): {@code message PublicKey { required KeyType
 * Type = 1; required bytes Data = 2; }} and the same shape for {@code PrivateKey}. Only Ed25519
 * ({@code KeyType = 1}) is accepted; encoding is deterministic (fields in order, minimal varints),
 * as the spec requires.
 */
final class KeyProtobuf {

  /** Which message is being decoded; only its name in errors differs. */
  enum Kind {
    PUBLIC,
    PRIVATE
  }

  static final int KEY_TYPE_ED25519 = 1;
  static final int MAX_ENCODED = 256;

  private KeyProtobuf() {}

  static Bytes encodePublicKey(Bytes raw) {
    return encode(raw);
  }

  static Bytes encodePrivateKey(Bytes data) {
    return encode(data);
  }

  private static Bytes encode(Bytes data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4 + data.length());
    out.write(0x08); // field 1, varint
    Varint.write(KEY_TYPE_ED25519, out);
    out.write(0x12); // field 2, length-delimited
    Varint.write(data.length(), out);
    out.writeBytes(data.toByteArray());
    return Bytes.wrap(out.toByteArray());
  }

  /** Returns the {@code Data} field of an Ed25519 key message. */
  static Bytes decodeEd25519(Bytes encoded, Kind kind) throws KeyFormatException {
    String what = kind == Kind.PUBLIC ? "public key" : "private key";
    if (encoded.length() > MAX_ENCODED) {
      throw new KeyFormatException(what + " encoding is longer than " + MAX_ENCODED + " bytes");
    }
    byte[] in = encoded.toByteArray();
    long type = -1;
    Bytes data = null;
    int at = 0;
    try {
      while (at < in.length) {
        Varint.Read tag = Varint.read(in, at, in.length);
        at = tag.next();
        int field = (int) (tag.value() >>> 3);
        int wire = (int) (tag.value() & 7);
        if (field == 1 && wire == 0 && type < 0) {
          Varint.Read v = Varint.read(in, at, in.length);
          type = v.value();
          at = v.next();
        } else if (field == 2 && wire == 2 && data == null) {
          Varint.Read len = Varint.read(in, at, in.length);
          at = len.next();
          if (len.value() > in.length - at) {
            throw new KeyFormatException(what + " is truncated");
          }
          data = Bytes.of(in, at, (int) len.value());
          at += (int) len.value();
        } else {
          throw new KeyFormatException(
              what + " has an unexpected or repeated protobuf field " + field);
        }
      }
    } catch (WireFormatException e) {
      throw new KeyFormatException(what + " is malformed: " + e.getMessage());
    }
    if (type < 0 || data == null) {
      throw new KeyFormatException(what + " lacks its " + (type < 0 ? "Type" : "Data") + " field");
    }
    if (type != KEY_TYPE_ED25519) {
      throw new KeyFormatException(
          what + " has key type " + type + "; ap2p supports only Ed25519 (type 1)");
    }
    return data;
  }
}
