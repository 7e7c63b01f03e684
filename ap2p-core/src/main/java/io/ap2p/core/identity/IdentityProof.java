package io.ap2p.core.identity;

import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A price on an identity: a hashcash-style proof of work over a peer id (S/Kademlia's static
 * puzzle), an 8-byte counter such that
 *
 * <pre>
 * SHA-256( "ap2p/identity/v1" ‖ len ‖ peer multihash ‖ counter )      (len: one byte)
 * </pre>
 *
 * starts with at least {@code bits} zero bits. Minting costs about 2^bits hashes, once per key;
 * checking costs one hash. It binds the peer id only, so it cannot be moved to another key, but it
 * is valid forever: an attacker may mint identities ahead of time, at leisure, and keep them. It
 * prices how many identities an attacker holds in all, not how fast it makes them; a puzzle bound
 * to a registry epoch would price the rate too, at the cost of every honest peer paying again each
 * epoch (not built: docs/discovery.md, "A price on identities"). The price is not the same for
 * everyone: an honest newcomer mints in Java on one core (about 7 million hashes per second), an
 * attacker with GPUs pays orders of magnitude less per identity, so this raises the cost of Sybils
 * without bounding their number.
 */
public final class IdentityProof {

  /**
   * Largest difficulty asked or minted: 2^32 hashes is about 10 minutes of one core in Java (7.0
   * million hashes per second measured by ap2p-bench's IdentityCost), more is unreasonable for an
   * honest newcomer.
   */
  public static final int MAX_BITS = 32;

  /** Length of a proof (the counter) on the wire and on disk. */
  public static final int BYTES = 8;

  /** How many hashes are tried between two calls of a mint's {@code goOn}. */
  public static final int CHECK_EVERY = 1 << 14;

  private static final byte[] DOMAIN = "ap2p/identity/v1".getBytes(StandardCharsets.US_ASCII);

  private IdentityProof() {}

  /**
   * A minted proof and what it cost.
   *
   * @param counter the proof to send and keep
   * @param bits the leading zero bits it achieves (at least those asked)
   * @param hashes how many hashes minting took
   */
  public record Minted(Bytes counter, int bits, long hashes) {

    /** Checks the counter's length and the bits' range. */
    public Minted {
      if (counter.length() != BYTES || bits < 0 || bits > 256 || hashes < 0) {
        throw new IllegalArgumentException("not a minted identity proof");
      }
    }
  }

  /**
   * Mints a proof of at least {@code bits} zero bits for {@code peer} (counters are tried from 0
   * up, so minting is deterministic).
   */
  public static Minted mint(PeerId peer, int bits) {
    return mint(peer, bits, () -> true).orElseThrow();
  }

  /**
   * Mints as {@link #mint(PeerId, int)} does, asking {@code goOn} before each {@link #CHECK_EVERY}
   * hashes whether to continue (a cancel and progress hook: the geometric tail of the cost is
   * unbounded); empty when it said no first.
   */
  public static Optional<Minted> mint(PeerId peer, int bits, BooleanSupplier goOn) {
    checkBits(bits);
    MessageDigest prefix = prefix(peer);
    byte[] counter = new byte[BYTES];
    for (long c = 0; ; c++) {
      if (c % CHECK_EVERY == 0 && !goOn.getAsBoolean()) {
        return Optional.empty();
      }
      for (int i = 0; i < BYTES; i++) {
        counter[i] = (byte) (c >>> (8 * (BYTES - 1 - i)));
      }
      int got = Hashcash.zeroBits(Hashcash.digest(prefix, counter));
      if (got >= bits) {
        return Optional.of(new Minted(Bytes.wrap(counter), got, c + 1));
      }
    }
  }

  /**
   * The number of leading zero bits {@code counter} achieves for {@code peer}: 0 when it is not
   * {@link #BYTES} long (any value from a peer is safe here). One hash.
   */
  public static int bits(PeerId peer, Bytes counter) {
    if (counter.length() != BYTES) {
      return 0;
    }
    return Hashcash.zeroBits(Hashcash.digest(prefix(peer), counter.toByteArray()));
  }

  /** Whether {@code counter} is a proof of at least {@code required} bits for {@code peer}. */
  public static boolean holds(PeerId peer, Bytes counter, int required) {
    return required <= 0 || bits(peer, counter) >= required;
  }

  /** Checks that {@code bits} is between 0 and {@link #MAX_BITS}. */
  public static int checkBits(int bits) {
    if (bits < 0 || bits > MAX_BITS) {
      throw new IllegalArgumentException(
          "identity proof bits must be 0 to " + MAX_BITS + ", not " + bits);
    }
    return bits;
  }

  private static MessageDigest prefix(PeerId peer) {
    MessageDigest md = Hashcash.sha256();
    md.update(DOMAIN);
    byte[] id = peer.multihash().toByteArray();
    md.update((byte) Math.min(255, id.length));
    md.update(id);
    return md;
  }
}
