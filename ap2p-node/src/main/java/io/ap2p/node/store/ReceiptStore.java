package io.ap2p.node.store;

import io.ap2p.core.wire.Bytes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signed receipts this node gave as provider and received as requester, in the order they were
 * added. A provider chains each receipt to the previous one it gave ({@link #lastGivenHash}), and
 * the chain survives restarts.
 */
public final class ReceiptStore {

  private static final String COLUMNS =
      "direction, task_id, peer, capability, encoded, hash, at_millis, price_micros";

  private final Database db;

  ReceiptStore(Database db) {
    this.db = db;
  }

  /**
   * Adds {@code receipt}.
   *
   * @return its row id, which grows with each receipt added and is never reused
   */
  public long add(StoredReceipt receipt) {
    Objects.requireNonNull(receipt, "receipt");
    return db.call(
        "add a " + receipt.direction() + " receipt for task " + receipt.taskId(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO receipts ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, receipt.direction().name());
            ps.setString(2, receipt.taskId());
            ps.setString(3, receipt.peer());
            ps.setString(4, receipt.capability());
            ps.setBytes(5, receipt.encoded().toByteArray());
            ps.setBytes(6, receipt.hash().toByteArray());
            ps.setLong(7, receipt.atMillis());
            ps.setLong(8, receipt.priceMicros());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /**
   * Replaces the encoding of the receipt given for task {@code taskId} with hash {@code hash} by
   * {@code encoded} (the same receipt, countersigned: its hash does not change).
   *
   * @return whether a receipt was updated
   */
  public boolean attested(String taskId, Bytes hash, Bytes encoded) {
    Limits.id("taskId", taskId);
    if (encoded.length() == 0 || encoded.length() > Limits.MAX_RECEIPT_BYTES) {
      throw new IllegalArgumentException("encoded receipt of " + encoded.length() + " bytes");
    }
    return db.call(
        "record the attestation of task " + taskId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE receipts SET encoded = ? WHERE direction = 'GIVEN' AND task_id = ?"
                      + " AND hash = ?")) {
            ps.setBytes(1, encoded.toByteArray());
            ps.setString(2, taskId);
            ps.setBytes(3, hash.toByteArray());
            return ps.executeUpdate() > 0;
          }
        });
  }

  /** The receipts of task {@code taskId}, both directions, oldest first. */
  public List<StoredReceipt> forTask(String taskId) {
    Limits.id("taskId", taskId);
    return db.call(
        "read the receipts of task " + taskId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM receipts WHERE task_id = ? ORDER BY id")) {
            ps.setString(1, taskId);
            return rows(ps);
          }
        });
  }

  /** Up to {@code limit} receipts of {@code direction}, the last added first. */
  public List<StoredReceipt> recent(ReceiptDirection direction, int limit) {
    Objects.requireNonNull(direction, "direction");
    Limits.recent(limit);
    return db.call(
        "list recent " + direction + " receipts",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM receipts WHERE direction = ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, direction.name());
            ps.setInt(2, limit);
            return rows(ps);
          }
        });
  }

  /**
   * The hash of the receipt this node gave last (by order of addition, not by {@code atMillis},
   * which a clock step could reorder), if it gave any.
   */
  public Optional<Bytes> lastGivenHash() {
    return db.call(
        "read the last given receipt's hash",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT hash FROM receipts WHERE direction = 'GIVEN'"
                          + " ORDER BY id DESC LIMIT 1");
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Bytes.wrap(rs.getBytes(1))) : Optional.empty();
          }
        });
  }

  /** How many receipts of {@code direction} are stored. */
  public long count(ReceiptDirection direction) {
    Objects.requireNonNull(direction, "direction");
    return db.call(
        "count " + direction + " receipts",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT count(*) FROM receipts WHERE direction = ?")) {
            ps.setString(1, direction.name());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /**
   * Per peer and direction, the receipts' count and summed price: what the reciprocity ledger is
   * rebuilt from at start.
   */
  public List<Totals> totals() {
    return db.call(
        "sum the receipts per peer",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT peer, direction, count(*), sum(price_micros) FROM receipts"
                          + " GROUP BY peer, direction ORDER BY peer, direction");
              ResultSet rs = ps.executeQuery()) {
            List<Totals> out = new ArrayList<>();
            while (rs.next()) {
              out.add(
                  new Totals(
                      rs.getString(1),
                      ReceiptDirection.valueOf(rs.getString(2)),
                      rs.getLong(3),
                      rs.getLong(4)));
            }
            return out;
          }
        });
  }

  /** The receipts with one peer in one direction: how many, and their summed price. */
  public record Totals(String peer, ReceiptDirection direction, long count, long priceMicros) {}

  /**
   * Receipts whose task id is {@code taskId}, starts with {@code taskId + "/"} (the steps of a
   * requester's run) or ends with {@code "/" + taskId} (a provider's key {@code requester/task}),
   * oldest first, at most {@code limit}.
   */
  public List<StoredReceipt> matching(String taskId, int limit) {
    Limits.id("taskId", taskId);
    Limits.recent(limit);
    return db.call(
        "find the receipts of task " + taskId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM receipts WHERE task_id = ? OR substr(task_id, 1, ?) = ?"
                      + " OR substr(task_id, -?) = ? ORDER BY id LIMIT ?")) {
            ps.setString(1, taskId);
            ps.setInt(2, taskId.length() + 1);
            ps.setString(3, taskId + "/");
            ps.setInt(4, taskId.length() + 1);
            ps.setString(5, "/" + taskId);
            ps.setInt(6, limit);
            return rows(ps);
          }
        });
  }

  private static List<StoredReceipt> rows(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<StoredReceipt> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new StoredReceipt(
                ReceiptDirection.valueOf(rs.getString(1)),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Bytes.wrap(rs.getBytes(5)),
                Bytes.wrap(rs.getBytes(6)),
                rs.getLong(7),
                rs.getLong(8)));
      }
      return out;
    }
  }
}
