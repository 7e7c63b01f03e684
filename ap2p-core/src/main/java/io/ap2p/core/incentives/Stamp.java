package io.ap2p.core.incentives;

import io.ap2p.core.identity.Hashcash;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A hashcash-style proof of work that a requester attaches to an INVOKE when the provider asks
 * strangers for one: an 8-byte counter such that
 *
 * <pre>
 * SHA-256( "ap2p/stamp/v1" ‖ len ‖ requester multihash ‖ len ‖ provider multihash
 *          ‖ len ‖ task id (UTF-8) ‖ len ‖ nonce ‖ counter )      (len: one byte)
 * </pre>
 *
 * starts with at least {@code bits} zero bits. It binds the requester, the provider, the task id
 * and the attempt's nonce, so it cannot be reused for another task, sent to another provider or
 * taken by another requester. Minting costs about 2^bits hashes; checking costs one.
 */
public final class Stamp {

  /**
   * Largest difficulty asked or minted: 2^32 hashes is about 10 minutes of one core in Java (7.0
   * million SHA-256 per second measured, docs/discovery.md "A price on identities"), more is
   * unreasonable.
   */
  public static final int MAX_BITS = 32;

  /** Length of a stamp on the wire. */
  public static final int BYTES = 8;

  private static final byte[] DOMAIN = "ap2p/stamp/v1".getBytes(StandardCharsets.US_ASCII);

  private Stamp() {}

  /**
   * A minted stamp and what it cost.
   *
   * @param stamp the counter to send
   * @param hashes how many hashes minting took
   */
  public record Minted(Bytes stamp, long hashes) {}

  /**
   * Mints a stamp of at least {@code bits} zero bits for this task (counters are tried from 0 up,
   * so minting is deterministic).
   */
  public static Minted mint(
      PeerId requester, PeerId provider, String taskId, Bytes nonce, int bits) {
    return mint(requester, provider, taskId, nonce, bits, () -> true).orElseThrow();
  }

  /** How many hashes are tried between two calls of a mint's {@code goOn}. */
  public static final int CHECK_EVERY = 1 << 14;

  /**
   * Mints as {@link #mint(PeerId, PeerId, String, Bytes, int)} does, asking {@code goOn} before
   * each {@link #CHECK_EVERY} hashes whether to continue (a requester's deadline: the geometric
   * tail of a stamp's cost is unbounded); empty when it said no first.
   */
  public static Optional<Minted> mint(
      PeerId requester,
      PeerId provider,
      String taskId,
      Bytes nonce,
      int bits,
      BooleanSupplier goOn) {
    checkBits(bits);
    MessageDigest prefix = prefix(requester, provider, taskId, nonce);
    byte[] counter = new byte[BYTES];
    for (long c = 0; ; c++) {
      if (c % CHECK_EVERY == 0 && !goOn.getAsBoolean()) {
        return Optional.empty();
      }
      for (int i = 0; i < BYTES; i++) {
        counter[i] = (byte) (c >>> (8 * (BYTES - 1 - i)));
      }
      if (Hashcash.zeroBits(Hashcash.digest(prefix, counter)) >= bits) {
        return Optional.of(new Minted(Bytes.wrap(counter), c + 1));
      }
    }
  }

  /**
   * The number of leading zero bits {@code stamp} achieves for this task: 0 when it is absent or
   * not {@link #BYTES} long (any value from a peer is safe here).
   */
  public static int bits(
      PeerId requester, PeerId provider, String taskId, Bytes nonce, Bytes stamp) {
    if (stamp.length() != BYTES) {
      return 0;
    }
    return Hashcash.zeroBits(
        Hashcash.digest(prefix(requester, provider, taskId, nonce), stamp.toByteArray()));
  }

  /** Checks that {@code bits} is between 0 and {@link #MAX_BITS}. */
  public static int checkBits(int bits) {
    if (bits < 0 || bits > MAX_BITS) {
      throw new IllegalArgumentException("stamp bits must be 0 to " + MAX_BITS + ", not " + bits);
    }
    return bits;
  }

  private static MessageDigest prefix(
      PeerId requester, PeerId provider, String taskId, Bytes nonce) {
    MessageDigest md = Hashcash.sha256();
    md.update(DOMAIN);
    field(md, requester.multihash().toByteArray());
    field(md, provider.multihash().toByteArray());
    field(md, taskId.getBytes(StandardCharsets.UTF_8));
    field(md, nonce.toByteArray());
    return md;
  }

  private static void field(MessageDigest md, byte[] b) {
    md.update((byte) Math.min(255, b.length));
    md.update(b);
  }
}
