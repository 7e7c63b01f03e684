package io.ap2p.node.store;

import io.ap2p.core.wire.Bytes;
import java.util.Objects;

/**
 * A signed receipt as stored: who it is with, for which task, its encoding (opaque here) and its
 * 32-byte hash.
 *
 * @param peer the other side: the requester of a given receipt, the provider of a received one
 * @param encoded the receipt's bytes, at most {@link Limits#MAX_RECEIPT_BYTES}
 * @param hash the receipt's hash, 32 bytes
 */
public record StoredReceipt(
    ReceiptDirection direction,
    String taskId,
    String peer,
    String capability,
    Bytes encoded,
    Bytes hash,
    long atMillis) {

  /** The length of a receipt's hash. */
  public static final int HASH_BYTES = 32;

  /** Checks the limits in {@link Limits} and the hash's length. */
  public StoredReceipt {
    Objects.requireNonNull(direction, "direction");
    Limits.id("taskId", taskId);
    Limits.id("peer", peer);
    Limits.id("capability", capability);
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length() == 0 || encoded.length() > Limits.MAX_RECEIPT_BYTES) {
      throw new IllegalArgumentException(
          "encoded has "
              + encoded.length()
              + " bytes, not between 1 and "
              + Limits.MAX_RECEIPT_BYTES);
    }
    Objects.requireNonNull(hash, "hash");
    if (hash.length() != HASH_BYTES) {
      throw new IllegalArgumentException("hash has " + hash.length() + " bytes, not " + HASH_BYTES);
    }
  }
}
