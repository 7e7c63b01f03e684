package io.ap2p.net.noise;

import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.wire.Bytes;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * libp2p's Noise security handshake (libp2p/specs noise/README.md): runs {@link NoiseXX} over a raw
 * byte stream with 2-byte big-endian length frames, exchanges and checks the identity payloads
 * (responder in message 2, initiator in message 3), and returns the encrypted channel.
 *
 * <p>Blocking; the caller bounds the time with the socket's read timeout.
 */
public final class NoiseSecurity {

  /** The multistream-select protocol id of this security transport. */
  public static final String PROTOCOL_ID = "/noise";

  /** The prefix of the signed static key (spec §"Static Key Authentication"). */
  static final byte[] SIG_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  /** Largest Noise message (spec: 2-byte length prefix). */
  public static final int MAX_MESSAGE = 65535;

  private final PrivateKey identity;
  private final SecureRandom random;
  private final List<String> streamMuxers;

  /**
   * A handshaker for {@code identity}.
   *
   * @param streamMuxers muxers to offer in the payload extensions (may be empty)
   */
  public NoiseSecurity(PrivateKey identity, SecureRandom random, List<String> streamMuxers) {
    this.identity = identity;
    this.random = random;
    this.streamMuxers = List.copyOf(streamMuxers);
  }

  /**
   * Runs the handshake as the initiator (the dialler).
   *
   * @param expected the peer id the dialled address named, if any: a different remote fails
   * @throws NoiseException on a failed or forged handshake, or a peer id mismatch
   */
  public NoiseChannel initiate(InputStream in, OutputStream out, Optional<PeerId> expected)
      throws IOException {
    byte[] staticKey = NoiseXX.generatePrivate(random);
    NoiseXX hs = new NoiseXX(true, staticKey, NoiseXX.generatePrivate(random));
    writeFrame(out, hs.writeMessage(new byte[0]));
    out.flush();
    HandshakePayload theirs = HandshakePayload.decode(hs.readMessage(readFrame(in)));
    Remote remote = authenticate(theirs, hs.remoteStatic());
    if (expected.isPresent() && !expected.get().equals(remote.peer)) {
      throw new PeerIdMismatchException(expected.get(), remote.peer);
    }
    writeFrame(out, hs.writeMessage(payload(hs.localStatic())));
    out.flush();
    NoiseXX.CipherPair c = hs.split();
    return new NoiseChannel(in, out, c.send(), c.receive(), remote.peer, remote.key, theirs);
  }

  /**
   * Runs the handshake as the responder (the listener).
   *
   * @throws NoiseException on a failed or forged handshake
   */
  public NoiseChannel respond(InputStream in, OutputStream out) throws IOException {
    byte[] staticKey = NoiseXX.generatePrivate(random);
    NoiseXX hs = new NoiseXX(false, staticKey, NoiseXX.generatePrivate(random));
    byte[] first = hs.readMessage(readFrame(in));
    if (first.length > HandshakePayload.MAX_SIZE) {
      throw new NoiseException("first handshake message carries an oversized payload");
    }
    writeFrame(out, hs.writeMessage(payload(hs.localStatic())));
    out.flush();
    HandshakePayload theirs = HandshakePayload.decode(hs.readMessage(readFrame(in)));
    Remote remote = authenticate(theirs, hs.remoteStatic());
    NoiseXX.CipherPair c = hs.split();
    return new NoiseChannel(in, out, c.send(), c.receive(), remote.peer, remote.key, theirs);
  }

  private byte[] payload(byte[] staticPublic) {
    Bytes sig = identity.signRaw(concat(SIG_PREFIX, staticPublic));
    return new HandshakePayload(identity.publicKey().protobuf(), sig, streamMuxers).encode();
  }

  private record Remote(PeerId peer, PublicKey key) {}

  private static Remote authenticate(HandshakePayload p, byte[] remoteStatic)
      throws NoiseException {
    PublicKey key;
    try {
      key = PublicKey.fromProtobuf(p.identityKey());
    } catch (KeyFormatException e) {
      throw new NoiseException("remote identity key unusable: " + e.getMessage(), e);
    }
    try {
      key.verifyRaw(concat(SIG_PREFIX, remoteStatic), p.identitySig());
    } catch (SignatureVerificationException e) {
      throw new NoiseException(
          "remote's signature over its Noise static key does not verify (forged handshake)", e);
    }
    return new Remote(key.peerId(), key);
  }

  /** Writes one length-prefixed Noise message. */
  static void writeFrame(OutputStream out, byte[] message) throws IOException {
    if (message.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("Noise message over " + MAX_MESSAGE + " bytes");
    }
    out.write(message.length >>> 8);
    out.write(message.length & 0xff);
    out.write(message);
  }

  /** Reads one length-prefixed Noise message. */
  static byte[] readFrame(InputStream in) throws IOException {
    int hi = in.read();
    int lo = in.read();
    if (hi < 0 || lo < 0) {
      throw new EOFException("connection closed during the Noise handshake");
    }
    int len = (hi << 8) | lo;
    byte[] b = in.readNBytes(len);
    if (b.length < len) {
      throw new EOFException("Noise handshake message truncated");
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
