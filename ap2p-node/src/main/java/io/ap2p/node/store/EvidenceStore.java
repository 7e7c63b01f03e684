package io.ap2p.node.store;

import io.ap2p.core.wire.Bytes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The evidence a requester keeps of each delegated step with a receipt ({@link StoredEvidence}).
 */
public final class EvidenceStore {

  private static final String COLUMNS =
      "task_id, sent_task_id, provider, capability, descriptor, request_digest, nonce, at_millis";

  private final Database db;

  EvidenceStore(Database db) {
    this.db = db;
  }

  /** Records {@code e}, replacing what was kept for the same step. */
  public void put(StoredEvidence e) {
    Objects.requireNonNull(e, "evidence");
    db.call(
        "record the evidence of task " + e.taskId(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO evidence ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.taskId());
            ps.setString(2, e.sentTaskId());
            ps.setString(3, e.provider());
            ps.setString(4, e.capability());
            ps.setBytes(5, e.descriptor().toByteArray());
            ps.setBytes(6, e.requestDigest().toByteArray());
            ps.setBytes(7, e.nonce().toByteArray());
            ps.setLong(8, e.atMillis());
            return ps.executeUpdate();
          }
        });
  }

  /** The evidence of {@code taskId} and of the steps under it ({@code taskId/…}), oldest first. */
  public List<StoredEvidence> matching(String taskId, int limit) {
    Limits.id("taskId", taskId);
    Limits.recent(limit);
    return db.call(
        "read the evidence of task " + taskId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM evidence WHERE task_id = ? OR substr(task_id, 1, ?) = ?"
                      + " ORDER BY at_millis, task_id LIMIT ?")) {
            ps.setString(1, taskId);
            ps.setInt(2, taskId.length() + 1);
            ps.setString(3, taskId + "/");
            ps.setInt(4, limit);
            return rows(ps);
          }
        });
  }

  private static List<StoredEvidence> rows(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<StoredEvidence> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new StoredEvidence(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Bytes.wrap(rs.getBytes(5)),
                Bytes.wrap(rs.getBytes(6)),
                Bytes.wrap(rs.getBytes(7)),
                rs.getLong(8)));
      }
      return out;
    }
  }
}
