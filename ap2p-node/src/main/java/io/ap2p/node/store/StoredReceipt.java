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
 * @param priceMicros what the task was worth to the reciprocity ledger, in micro-units (the cost
 *     hint of the capability's descriptor; 1,000,000 when it stated none)
 */
public record StoredReceipt(
    ReceiptDirection direction,
    String taskId,
    String peer,
    String capability,
    Bytes encoded,
    Bytes hash,
    long atMillis,
    long priceMicros) {

  /** The price of a task whose descriptor states no cost: one credit unit. */
  public static final long UNIT_PRICE_MICROS = 1_000_000;

  /** A receipt priced at one credit unit. */
  public StoredReceipt(
      ReceiptDirection direction,
      String taskId,
      String peer,
      String capability,
      Bytes encoded,
      Bytes hash,
      long atMillis) {
    this(direction, taskId, peer, capability, encoded, hash, atMillis, UNIT_PRICE_MICROS);
  }

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
    if (priceMicros < 1) {
      throw new IllegalArgumentException("price " + priceMicros + " is not positive");
    }
    if (hash.length() != HASH_BYTES) {
      throw new IllegalArgumentException("hash has " + hash.length() + " bytes, not " + HASH_BYTES);
    }
  }
}
