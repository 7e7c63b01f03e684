package io.ap2p.net.yamux;

import io.ap2p.net.transport.ProtocolViolationException;

/**
 * A yamux frame header (spec "Framing"): version (0), type, flags, stream id and length, 12 bytes
 * big-endian. For data frames the length counts the payload that follows; for window updates it is
 * the window delta, for pings the opaque value, for go-away the error code.
 */
record Frame(int type, int flags, int streamId, long length) {

  static final int HEADER = 12;

  static final int DATA = 0;
  static final int WINDOW_UPDATE = 1;
  static final int PING = 2;
  static final int GO_AWAY = 3;

  static final int SYN = 1;
  static final int ACK = 2;
  static final int FIN = 4;
  static final int RST = 8;

  static final int GO_AWAY_NORMAL = 0;
  static final int GO_AWAY_PROTOCOL_ERROR = 1;
  static final int GO_AWAY_INTERNAL_ERROR = 2;

  /** Writes the header into {@code b} at {@code off}. */
  void encode(byte[] b, int off) {
    b[off] = 0;
    b[off + 1] = (byte) type;
    b[off + 2] = (byte) (flags >>> 8);
    b[off + 3] = (byte) flags;
    putInt(b, off + 4, streamId);
    putInt(b, off + 8, (int) length);
  }

  /** Parses a header, refusing unknown versions, types and flags. */
  static Frame decode(byte[] b, int off) throws ProtocolViolationException {
    if (b[off] != 0) {
      throw new ProtocolViolationException("yamux version " + (b[off] & 0xff) + " (expected 0)");
    }
    int type = b[off + 1] & 0xff;
    if (type > GO_AWAY) {
      throw new ProtocolViolationException("unknown yamux frame type " + type);
    }
    int flags = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    if ((flags & ~(SYN | ACK | FIN | RST)) != 0) {
      throw new ProtocolViolationException("unknown yamux flags 0x" + Integer.toHexString(flags));
    }
    int streamId = getInt(b, off + 4);
    long length = getInt(b, off + 8) & 0xffffffffL;
    return new Frame(type, flags, streamId, length);
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }
}
