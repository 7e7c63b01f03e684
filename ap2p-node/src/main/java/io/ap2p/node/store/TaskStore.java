package io.ap2p.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The task log of both sides: what this node asked others to do and what it did for them. */
public final class TaskStore {

  /** The detail {@link #markInterrupted} gives. */
  public static final String RESTARTED = "node restarted";

  private static final int SQLITE_CONSTRAINT = 19;
  private static final String COLUMNS =
      "task_id, role, kind, peer, capability, state, detail, request, result,"
          + " created_at_millis, updated_at_millis";

  private final Database db;

  TaskStore(Database db) {
    this.db = db;
  }

  /**
   * Adds {@code task}.
   *
   * @throws StoreException if a task with its id and role exists
   */
  public void insert(TaskRecord task) {
    Objects.requireNonNull(task, "task");
    String what = "insert task " + task.taskId() + " (" + task.role() + ")";
    db.call(
        what,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tasks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, task.taskId());
            ps.setString(2, task.role().name());
            ps.setString(3, task.kind());
            ps.setString(4, task.peer());
            ps.setString(5, task.capability());
            ps.setString(6, task.state());
            ps.setString(7, task.detail());
            ps.setString(8, task.request());
            ps.setString(9, task.result());
            ps.setLong(10, task.createdAtMillis());
            ps.setLong(11, task.updatedAtMillis());
            return ps.executeUpdate();
          } catch (SQLException e) {
            if (e.getErrorCode() == SQLITE_CONSTRAINT) {
              throw new StoreException("cannot " + what + ": it is already in the log", e);
            }
            throw e;
          }
        });
  }

  /**
   * Sets the state, detail and result of the task {@code taskId} on side {@code role}.
   *
   * @return whether the task was in the log
   */
  public boolean update(
      TaskRole role, String taskId, String state, String detail, String resultJson, long atMillis) {
    Objects.requireNonNull(role, "role");
    Limits.id("taskId", taskId);
    Limits.id("state", state);
    Limits.detail("detail", detail);
    Limits.json("result", resultJson);
    return db.call(
        "update task " + taskId + " (" + role + ")",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tasks SET state = ?, detail = ?, result = ?, updated_at_millis = ?"
                      + " WHERE task_id = ? AND role = ?")) {
            ps.setString(1, state);
            ps.setString(2, detail);
            ps.setString(3, resultJson);
            ps.setLong(4, atMillis);
            ps.setString(5, taskId);
            ps.setString(6, role.name());
            return ps.executeUpdate() > 0;
          }
        });
  }

  /** The task {@code taskId} on side {@code role}, if logged. */
  public Optional<TaskRecord> get(TaskRole role, String taskId) {
    Objects.requireNonNull(role, "role");
    Limits.id("taskId", taskId);
    return db.call(
        "read task " + taskId + " (" + role + ")",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM tasks WHERE task_id = ? AND role = ?")) {
            ps.setString(1, taskId);
            ps.setString(2, role.name());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
          }
        });
  }

  /** Up to {@code limit} tasks on side {@code role}, newest (by creation) first. */
  public List<TaskRecord> recent(TaskRole role, int limit) {
    Objects.requireNonNull(role, "role");
    Limits.recent(limit);
    return db.call(
        "list recent tasks (" + role + ")",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM tasks WHERE role = ?"
                      + " ORDER BY created_at_millis DESC, rowid DESC LIMIT ?")) {
            ps.setString(1, role.name());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
              List<TaskRecord> out = new ArrayList<>();
              while (rs.next()) {
                out.add(row(rs));
              }
              return out;
            }
          }
        });
  }

  /**
   * Marks every {@link TaskRecord#RUNNING} task of either side {@link TaskRecord#INTERRUPTED} with
   * detail {@value #RESTARTED}: called once at startup, when nothing can still be running.
   *
   * @return how many tasks were marked
   */
  public int markInterrupted(long atMillis) {
    return db.call(
        "mark running tasks interrupted",
        c -> {
          // The literal 'RUNNING' lets SQLite use the partial index tasks_running.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tasks SET state = 'INTERRUPTED', detail = ?, updated_at_millis = ?"
                      + " WHERE state = 'RUNNING'")) {
            ps.setString(1, RESTARTED);
            ps.setLong(2, atMillis);
            return ps.executeUpdate();
          }
        });
  }

  private static TaskRecord row(ResultSet rs) throws SQLException {
    return new TaskRecord(
        rs.getString(1),
        TaskRole.valueOf(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getLong(10),
        rs.getLong(11));
  }
}
