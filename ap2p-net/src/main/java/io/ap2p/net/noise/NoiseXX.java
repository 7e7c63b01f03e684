package io.ap2p.net.noise;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The {@code Noise_XX_25519_ChaChaPoly_SHA256} handshake (Noise spec rev. 34, §5 and §7.5), with an
 * empty prologue as libp2p uses it, as a sans-I/O state machine: the caller moves handshake
 * messages, this class only computes them.
 *
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 *
 * Each instance runs one handshake; {@link #split()} then yields the transport ciphers.
 */
public final class NoiseXX {

  /** The Noise protocol name; exactly 32 bytes, so it is the initial hash itself (§5.2). */
  static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

  /** Length of an X25519 key. */
  public static final int DH_LEN = 32;

  private enum Step {
    WRITE_1,
    READ_1,
    WRITE_2,
    READ_2,
    WRITE_3,
    READ_3,
    DONE,
    FAILED
  }

  private final boolean initiator;
  private final byte[] s; // static private
  private final byte[] sPub;
  private final byte[] e = new byte[DH_LEN];
  private final byte[] ePub = new byte[DH_LEN];
  private byte[] rs; // remote static public
  private byte[] re; // remote ephemeral public
  private byte[] ck;
  private byte[] h;
  private CipherState k; // null until the first MixKey
  private Step step;

  /**
   * Starts a handshake.
   *
   * @param staticPrivate this side's X25519 static private key (32 bytes)
   * @param ephemeralPrivate this side's fresh X25519 ephemeral private key (32 bytes), never reused
   */
  public NoiseXX(boolean initiator, byte[] staticPrivate, byte[] ephemeralPrivate) {
    this(initiator, staticPrivate, ephemeralPrivate, new byte[0]);
  }

  /** Starts a handshake with a prologue (libp2p uses none; the spec's test vectors do). */
  NoiseXX(boolean initiator, byte[] staticPrivate, byte[] ephemeralPrivate, byte[] prologue) {
    if (staticPrivate.length != DH_LEN || ephemeralPrivate.length != DH_LEN) {
      throw new IllegalArgumentException("X25519 private keys have 32 bytes");
    }
    this.initiator = initiator;
    this.s = staticPrivate.clone();
    this.sPub = publicKey(s);
    System.arraycopy(ephemeralPrivate, 0, e, 0, DH_LEN);
    X25519.scalarMultBase(e, 0, ePub, 0);
    this.h = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
    this.ck = h.clone();
    mixHash(prologue);
    this.step = initiator ? Step.WRITE_1 : Step.READ_1;
  }

  /** A fresh X25519 private key from {@code random}. */
  public static byte[] generatePrivate(SecureRandom random) {
    byte[] k = new byte[DH_LEN];
    X25519.generatePrivateKey(random, k);
    return k;
  }

  /** The X25519 public key of {@code privateKey}. */
  public static byte[] publicKey(byte[] privateKey) {
    byte[] pub = new byte[DH_LEN];
    X25519.scalarMultBase(privateKey, 0, pub, 0);
    return pub;
  }

  /** This side's static public key. */
  public byte[] localStatic() {
    return sPub.clone();
  }

  /** The remote static public key, once the handshake has revealed it. */
  public byte[] remoteStatic() {
    if (rs == null) {
      throw new IllegalStateException("the remote static key is not known yet");
    }
    return rs.clone();
  }

  /** True when this side writes the next message. */
  public boolean isMyTurn() {
    return step == Step.WRITE_1 || step == Step.WRITE_2 || step == Step.WRITE_3;
  }

  /** True after the third message. */
  public boolean isComplete() {
    return step == Step.DONE;
  }

  /**
   * Produces this side's next handshake message carrying {@code payload}.
   *
   * @throws NoiseException if the remote's ephemeral key turned out to be invalid
   */
  public byte[] writeMessage(byte[] payload) throws NoiseException {
    Buf out = new Buf(DH_LEN * 2 + CipherState.TAG * 2 + payload.length);
    switch (step) {
      case WRITE_1 -> {
        writeE(out);
        out.put(encryptAndHash(payload));
        step = Step.READ_2;
      }
      case WRITE_2 -> {
        writeE(out);
        mixKey(dh(e, re)); // ee
        out.put(encryptAndHash(sPub)); // s
        mixKey(dh(s, re)); // es (responder: DH(s, re))
        out.put(encryptAndHash(payload));
        step = Step.READ_3;
      }
      case WRITE_3 -> {
        out.put(encryptAndHash(sPub)); // s
        mixKey(dh(s, re)); // se (initiator: DH(s, re))
        out.put(encryptAndHash(payload));
        step = Step.DONE;
      }
      default -> throw new IllegalStateException("not this side's turn to write (" + step + ")");
    }
    return out.bytes();
  }

  /**
   * Consumes the remote's next handshake message.
   *
   * @return the payload it carried
   * @throws NoiseException if the message is malformed or fails authentication; the handshake is
   *     then dead
   */
  public byte[] readMessage(byte[] message) throws NoiseException {
    Step at = step;
    step = Step.FAILED;
    try {
      int pos = 0;
      byte[] payload;
      switch (at) {
        case READ_1 -> {
          need(message, DH_LEN, "first");
          re = Arrays.copyOfRange(message, 0, DH_LEN);
          mixHash(re);
          payload = decryptAndHash(Arrays.copyOfRange(message, DH_LEN, message.length));
          step = Step.WRITE_2;
        }
        case READ_2 -> {
          need(message, DH_LEN + DH_LEN + CipherState.TAG + CipherState.TAG, "second");
          re = Arrays.copyOfRange(message, 0, DH_LEN);
          mixHash(re);
          pos = DH_LEN;
          mixKey(dh(e, re)); // ee
          rs = decryptAndHash(Arrays.copyOfRange(message, pos, pos + DH_LEN + CipherState.TAG));
          pos += DH_LEN + CipherState.TAG;
          mixKey(dh(e, rs)); // es (initiator: DH(e, rs))
          payload = decryptAndHash(Arrays.copyOfRange(message, pos, message.length));
          step = Step.WRITE_3;
        }
        case READ_3 -> {
          need(message, DH_LEN + CipherState.TAG + CipherState.TAG, "third");
          rs = decryptAndHash(Arrays.copyOfRange(message, 0, DH_LEN + CipherState.TAG));
          pos = DH_LEN + CipherState.TAG;
          mixKey(dh(e, rs)); // se (responder: DH(e, rs))
          payload = decryptAndHash(Arrays.copyOfRange(message, pos, message.length));
          step = Step.DONE;
        }
        default -> {
          step = at;
          throw new IllegalStateException("not this side's turn to read (" + at + ")");
        }
      }
      return payload;
    } catch (AEADBadTagException ex) {
      throw new NoiseException("handshake message failed authentication", ex);
    }
  }

  /**
   * Derives the transport ciphers (§5.2 Split) once the handshake is complete.
   *
   * @return {@code [send, receive]} for this side
   */
  public CipherPair split() {
    if (step != Step.DONE) {
      throw new IllegalStateException("handshake not complete");
    }
    byte[][] keys = hkdf(ck, new byte[0]);
    CipherState c1 = new CipherState(keys[0]);
    CipherState c2 = new CipherState(keys[1]);
    Arrays.fill(s, (byte) 0);
    Arrays.fill(e, (byte) 0);
    return initiator ? new CipherPair(c1, c2) : new CipherPair(c2, c1);
  }

  /** The handshake hash, which both sides share after the handshake (channel binding). */
  public byte[] handshakeHash() {
    return h.clone();
  }

  /** Transport ciphers: one to send, one to receive. */
  record CipherPair(CipherState send, CipherState receive) {}

  private void writeE(Buf out) {
    out.put(ePub);
    mixHash(ePub);
  }

  private static void need(byte[] m, int min, String which) throws NoiseException {
    if (m.length < min) {
      throw new NoiseException(
          "the " + which + " handshake message is truncated: " + m.length + " < " + min + " bytes");
    }
  }

  private static byte[] dh(byte[] priv, byte[] pub) throws NoiseException {
    byte[] out = new byte[DH_LEN];
    if (!X25519.calculateAgreement(priv, 0, pub, 0, out, 0)) {
      // an all-zero result: the peer sent a low-order point
      throw new NoiseException("remote sent an invalid X25519 public key (low-order point)");
    }
    return out;
  }

  private void mixHash(byte[] data) {
    MessageDigest d = sha256();
    d.update(h);
    d.update(data);
    h = d.digest();
  }

  private void mixKey(byte[] ikm) {
    byte[][] out = hkdf(ck, ikm);
    ck = out[0];
    k = new CipherState(out[1]);
  }

  private byte[] encryptAndHash(byte[] plaintext) {
    byte[] c = k == null ? plaintext.clone() : k.encrypt(h, plaintext);
    mixHash(c);
    return c;
  }

  private byte[] decryptAndHash(byte[] ciphertext) throws AEADBadTagException {
    byte[] p = k == null ? ciphertext.clone() : k.decrypt(h, ciphertext);
    mixHash(ciphertext);
    return p;
  }

  /** HKDF with two outputs (Noise §4.3): HMAC-SHA256 extract then two expand steps. */
  static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
    byte[] temp = hmac(chainingKey, ikm);
    byte[] out1 = hmac(temp, new byte[] {1});
    byte[] in2 = Arrays.copyOf(out1, out1.length + 1);
    in2[out1.length] = 2;
    byte[] out2 = hmac(temp, in2);
    return new byte[][] {out1, out2};
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
      throw new IllegalStateException("the JDK lacks HMAC-SHA256", ex);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("the JDK lacks SHA-256", ex);
    }
  }

  /** A tiny growable byte buffer. */
  private static final class Buf {
    private byte[] b;
    private int n;

    Buf(int capacity) {
      b = new byte[capacity];
    }

    void put(byte[] x) {
      if (n + x.length > b.length) {
        b = Arrays.copyOf(b, Math.max(b.length * 2, n + x.length));
      }
      System.arraycopy(x, 0, b, n, x.length);
      n += x.length;
    }

    byte[] bytes() {
      return Arrays.copyOf(b, n);
    }
  }
}
