package io.ap2p.cli.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.Node;
import io.ap2p.node.api.ApiException;
import io.ap2p.node.api.ApiJson;
import io.ap2p.node.api.FindEndpoint;
import io.ap2p.node.api.TaskJson;
import io.ap2p.node.api.TaskRequest;
import io.ap2p.node.api.TaskStarter;
import io.ap2p.node.api.TasksEndpoint;
import io.ap2p.node.api.TrustEndpoint;
import io.ap2p.node.execution.TaskRun;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Delegating through a node started in this process for one command, closed at its end. */
final class TransientSession implements Session {

  /** Recent outcomes shown with a peer's standing. */
  static final String HISTORY = "history=10";

  private final Node node;
  private final TaskJson json = new TaskJson();
  private final AtomicBoolean closed = new AtomicBoolean();

  TransientSession(Node node) {
    this.node = node;
  }

  @Override
  public JsonNode start(TaskRequest request) {
    TaskStarter.Started s;
    try {
      s = TaskStarter.start(node, request);
    } catch (ApiException e) {
      throw new CliFailure(e.getMessage());
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", s.run().id());
    if (request instanceof TaskRequest.Invoke) {
      o.put("tag", s.run().spec().workflow().steps().get(0).tag().value());
    }
    s.choice()
        .ifPresent(
            c ->
                o.putObject("chosen")
                    .put("tag", c.tag().value())
                    .put("capability", c.capability())
                    .put("provider", c.provider().toString())
                    .put("score", c.score()));
    return o;
  }

  @Override
  public JsonNode status(String id) {
    return json.full(run(id).snapshot(), step -> false);
  }

  @Override
  public Bytes output(String id, String step) {
    return run(id).snapshot().steps().stream()
        .filter(v -> v.name().equals(step))
        .findFirst()
        .flatMap(TaskRun.StepView::output)
        .orElseThrow(() -> new CliFailure("step " + step + " has no output"));
  }

  @Override
  public boolean cancel(String id) {
    return node.workflows().cancel(id);
  }

  @Override
  public void pause(String id, Duration max) {
    try {
      run(id).done().get(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // not done yet: the caller looks again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }

  @Override
  public JsonNode find(JsonNode query) {
    try {
      return FindEndpoint.json(FindEndpoint.find(node, FindEndpoint.query(query)));
    } catch (ApiException e) {
      throw new CliFailure(e.getMessage());
    }
  }

  @Override
  public JsonNode trust(PeerId peer) {
    TasksEndpoint.Reply r =
        new TrustEndpoint(node.trust()).handle("GET", TrustEndpoint.PATH + "/" + peer, HISTORY);
    try {
      JsonNode body = ApiJson.parse(r.body());
      if (r.status() != 200) {
        throw new CliFailure(body.path("error").asText());
      }
      return body;
    } catch (ApiException e) {
      throw new IllegalStateException("the trust endpoint answered malformed JSON", e);
    }
  }

  private TaskRun run(String id) {
    return node.workflows().get(id).orElseThrow(() -> new CliFailure("no run " + id));
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      node.close();
    }
  }
}
