package io.ap2p.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.execution.Session;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.api.TaskRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session whose runs stay in {@code state} (also once cancelled); it records what it was asked to
 * start and how often it was asked to cancel.
 */
final class FakeSession implements Session {

  final List<TaskRequest> started = new CopyOnWriteArrayList<>();
  final AtomicInteger cancels = new AtomicInteger();
  final String state;

  FakeSession(String state) {
    this.state = state;
  }

  @Override
  public JsonNode start(TaskRequest request) {
    started.add(request);
    return Json.MAPPER.createObjectNode().put("id", "t" + started.size()).put("tag", "x.y");
  }

  @Override
  public JsonNode status(String id) {
    return Json.MAPPER.createObjectNode().put("id", id).put("state", state);
  }

  @Override
  public Bytes output(String id, String step) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean cancel(String id) {
    cancels.incrementAndGet();
    return true;
  }

  @Override
  public void pause(String id, Duration max) {
    try {
      Thread.sleep(Math.min(max.toMillis(), 20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public JsonNode find(JsonNode query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public JsonNode trust(PeerId peer) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
