package io.ap2p.node.store;

import java.util.Objects;

/**
 * One row of the task log.
 *
 * @param taskId the task's id; with {@code role}, the row's key
 * @param role which side this node was on
 * @param kind what sort of task ("invoke", "workflow", "serve")
 * @param peer the other side (the provider in a requester's row, the requester in a provider's);
 *     may be empty
 * @param capability the capability asked for; may be empty
 * @param state {@link #RUNNING}, {@link #SUCCEEDED}, {@link #FAILED}, {@link #CANCELLED}, {@link
 *     #INTERRUPTED} or another state the caller names
 * @param detail a human-readable note (an error, say), at most {@link Limits#MAX_DETAIL_BYTES}
 * @param request the request's JSON text; may be empty
 * @param result the result's JSON text; may be empty
 */
public record TaskRecord(
    String taskId,
    TaskRole role,
    String kind,
    String peer,
    String capability,
    String state,
    String detail,
    String request,
    String result,
    long createdAtMillis,
    long updatedAtMillis) {

  /** The task is under way. */
  public static final String RUNNING = "RUNNING";

  /** The task ended with a result. */
  public static final String SUCCEEDED = "SUCCEEDED";

  /** The task ended with an error. */
  public static final String FAILED = "FAILED";

  /** The task was cancelled. */
  public static final String CANCELLED = "CANCELLED";

  /** The task was running when the node stopped; it will not finish. */
  public static final String INTERRUPTED = "INTERRUPTED";

  /** Checks the limits in {@link Limits}. */
  public TaskRecord {
    Limits.id("taskId", taskId);
    Objects.requireNonNull(role, "role");
    Limits.id("kind", kind);
    Limits.optionalId("peer", peer);
    Limits.optionalId("capability", capability);
    Limits.id("state", state);
    Limits.detail("detail", detail);
    Limits.json("request", request);
    Limits.json("result", result);
  }

  /** A task that starts now: {@link #RUNNING}, no detail, no result. */
  public static TaskRecord started(
      String taskId,
      TaskRole role,
      String kind,
      String peer,
      String capability,
      String requestJson,
      long atMillis) {
    return new TaskRecord(
        taskId, role, kind, peer, capability, RUNNING, "", requestJson, "", atMillis, atMillis);
  }
}
