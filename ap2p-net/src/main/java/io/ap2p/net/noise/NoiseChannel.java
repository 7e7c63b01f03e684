package io.ap2p.net.noise;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.net.transport.DuplexChannel;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import javax.crypto.AEADBadTagException;

/**
 * An authenticated, encrypted byte channel after a libp2p Noise handshake: each transport message
 * is a 2-byte big-endian length then at most 65,535 bytes of ChaCha20-Poly1305 ciphertext.
 */
public final class NoiseChannel implements DuplexChannel {

  /** Largest plaintext per transport message (65,535 minus the tag). */
  public static final int MAX_PLAINTEXT = NoiseSecurity.MAX_MESSAGE - CipherState.TAG;

  private final InputStream in;
  private final OutputStream out;
  private final CipherState send;
  private final CipherState receive;
  private final PeerId remotePeer;
  private final PublicKey remoteKey;
  private final List<String> remoteMuxers;
  private final Object readLock = new Object();
  private final Object writeLock = new Object();
  private final byte[] cipherIn = new byte[NoiseSecurity.MAX_MESSAGE];
  private final byte[] plainIn = new byte[NoiseSecurity.MAX_MESSAGE];
  private final byte[] cipherOut = new byte[2 + NoiseSecurity.MAX_MESSAGE];
  private int plainPos;
  private int plainEnd;
  private volatile boolean closed;

  NoiseChannel(
      InputStream in,
      OutputStream out,
      CipherState send,
      CipherState receive,
      PeerId remotePeer,
      PublicKey remoteKey,
      HandshakePayload remotePayload) {
    this.in = in;
    this.out = out;
    this.send = send;
    this.receive = receive;
    this.remotePeer = remotePeer;
    this.remoteKey = remoteKey;
    this.remoteMuxers = remotePayload.streamMuxers();
  }

  /** The authenticated remote peer. */
  public PeerId remotePeer() {
    return remotePeer;
  }

  /** The remote's identity key. */
  public PublicKey remoteKey() {
    return remoteKey;
  }

  /** Stream muxers the remote offered in its handshake extensions (often empty). */
  public List<String> remoteMuxers() {
    return remoteMuxers;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    synchronized (readLock) {
      while (plainPos == plainEnd) {
        if (!readMessage()) {
          return -1;
        }
      }
      int n = Math.min(len, plainEnd - plainPos);
      System.arraycopy(plainIn, plainPos, buf, off, n);
      plainPos += n;
      return n;
    }
  }

  private boolean readMessage() throws IOException {
    int hi = in.read();
    if (hi < 0) {
      return false;
    }
    int lo = in.read();
    if (lo < 0) {
      throw new EOFException("connection closed inside a Noise frame header");
    }
    int len = (hi << 8) | lo;
    if (len < CipherState.TAG) {
      throw new ProtocolViolationException(
          "Noise frame of " + len + " bytes is shorter than a tag");
    }
    int got = in.readNBytes(cipherIn, 0, len);
    if (got < len) {
      throw new EOFException("connection closed inside a Noise frame");
    }
    try {
      plainEnd = receive.decrypt(null, cipherIn, 0, len, plainIn, 0);
    } catch (AEADBadTagException e) {
      throw new ProtocolViolationException(
          "Noise frame failed authentication (tampered or forged)");
    }
    plainPos = 0;
    return true;
  }

  @Override
  public void write(byte[] buf, int off, int len) throws IOException {
    synchronized (writeLock) {
      if (closed) {
        throw new IOException("channel closed");
      }
      while (len > 0) {
        int n = Math.min(len, MAX_PLAINTEXT);
        int c = send.encrypt(null, buf, off, n, cipherOut, 2);
        cipherOut[0] = (byte) (c >>> 8);
        cipherOut[1] = (byte) c;
        out.write(cipherOut, 0, c + 2);
        off += n;
        len -= n;
      }
    }
  }

  @Override
  public void flush() throws IOException {
    synchronized (writeLock) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      out.close();
    } finally {
      in.close();
    }
  }
}
