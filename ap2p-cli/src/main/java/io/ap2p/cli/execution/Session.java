package io.ap2p.cli.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.api.TaskRequest;
import java.time.Duration;

/**
 * Where the commands delegate: a transient in-process node ({@link TransientSession}) or a running
 * node's local API ({@link ApiSession}). Runs are read as the API's task JSON ({@link
 * io.ap2p.node.api.TaskJson}) either way, so both print the same. Failures are {@link
 * io.ap2p.cli.CliFailure}s. {@code ap2p invoke}, {@code ap2p workflow run} and {@code ap2p mcp
 * serve} delegate through it.
 */
public interface Session extends AutoCloseable {

  /** Starts {@code request}; the answer is {@code POST /v1/tasks}'s: id, tag, chosen. */
  JsonNode start(TaskRequest request);

  /** The run {@code id} as {@code GET /v1/tasks/{id}} answers, without outputs. */
  JsonNode status(String id);

  /** The output of {@code step} of run {@code id}. */
  Bytes output(String id, String step);

  /** Cancels run {@code id}; false if it had already ended. */
  boolean cancel(String id);

  /** Waits until run {@code id} may have changed: at most {@code max}. */
  void pause(String id, Duration max);

  /**
   * Asks discovery for {@code query} (the body of {@code POST /v1/find}, see {@link
   * io.ap2p.node.api.FindEndpoint}), ranked with this node's trust view; the answer is that
   * endpoint's.
   */
  JsonNode find(JsonNode query);

  /** One peer's standing as {@code GET /v1/trust/{peer}} answers it, with its recent outcomes. */
  JsonNode trust(io.ap2p.core.identity.PeerId peer);

  /** Whether a run's inputs are limited by the transport (the API's 64 MiB per request). */
  default long maxInputs() {
    return Long.MAX_VALUE;
  }

  @Override
  void close();

  /** Whether {@code state} (a run's or step's) is final. */
  static boolean ended(String state) {
    return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
  }
}
