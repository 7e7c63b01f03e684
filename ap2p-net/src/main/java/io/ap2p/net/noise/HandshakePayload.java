package io.ap2p.net.noise;

import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * libp2p's {@code NoiseHandshakePayload} (libp2p/specs noise §"The libp2p Handshake Payload"): the
 * sender's identity key, its signature over {@code "noise-libp2p-static-key:" || static key}, and
 * the optional extensions (here only the early stream-muxer list).
 */
public record HandshakePayload(Bytes identityKey, Bytes identitySig, List<String> streamMuxers) {

  /** Largest encoded payload accepted. */
  public static final int MAX_SIZE = 4096;

  /** Most muxers listed in the extensions. */
  static final int MAX_MUXERS = 16;

  /** A payload; the muxer list is copied. */
  public HandshakePayload {
    streamMuxers = List.copyOf(streamMuxers);
  }

  /** The protobuf encoding. */
  public byte[] encode() {
    ProtoWriter w = new ProtoWriter().bytes(1, identityKey).bytes(2, identitySig);
    if (!streamMuxers.isEmpty()) {
      ProtoWriter ext = new ProtoWriter();
      for (String m : streamMuxers) {
        ext.string(2, m);
      }
      w.bytes(4, ext.toBytes());
    }
    return w.toBytes().toByteArray();
  }

  /** Decodes a payload, refusing missing fields, oversized ones and anything past the limits. */
  public static HandshakePayload decode(byte[] encoded) throws NoiseException {
    if (encoded.length > MAX_SIZE) {
      throw new NoiseException(
          "handshake payload of " + encoded.length + " bytes exceeds " + MAX_SIZE);
    }
    Bytes key = null;
    Bytes sig = null;
    List<String> muxers = new ArrayList<>();
    try {
      ProtoReader r = new ProtoReader(Bytes.wrap(encoded));
      while (r.next()) {
        switch (r.field()) {
          case 1 -> key = r.bytes(MAX_SIZE);
          case 2 -> sig = r.bytes(MAX_SIZE);
          case 4 -> {
            ProtoReader ext = r.message(MAX_SIZE);
            while (ext.next()) {
              if (ext.field() == 2) {
                if (muxers.size() == MAX_MUXERS) {
                  throw new NoiseException("more than " + MAX_MUXERS + " stream muxers offered");
                }
                muxers.add(ext.string(256));
              } else {
                ext.skip();
              }
            }
          }
          default -> r.skip();
        }
      }
    } catch (WireFormatException e) {
      throw new NoiseException("malformed handshake payload: " + e.getMessage(), e);
    }
    if (key == null || sig == null) {
      throw new NoiseException(
          "handshake payload lacks its " + (key == null ? "identity key" : "identity signature"));
    }
    return new HandshakePayload(key, sig, muxers);
  }
}
