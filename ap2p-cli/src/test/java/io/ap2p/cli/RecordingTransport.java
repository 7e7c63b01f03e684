package io.ap2p.cli;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport that remembers the id of each {@code tools/call} it sends, so a test can
 * cancel one as a client would ({@code notifications/cancelled}; the Java SDK has no call for it).
 */
final class RecordingTransport implements McpClientTransport {

  private final McpClientTransport inner;
  private final List<Object> calls = new CopyOnWriteArrayList<>();

  RecordingTransport(McpClientTransport inner) {
    this.inner = inner;
  }

  void cancelLastCall() {
    Object id = calls.get(calls.size() - 1);
    inner
        .sendMessage(
            new McpSchema.JSONRPCNotification(
                "2.0",
                "notifications/cancelled",
                Map.of("requestId", id, "reason", "the test cancels")))
        .block(Duration.ofSeconds(10));
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return inner.connect(handler);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest r && r.method().equals("tools/call")) {
      calls.add(r.id());
    }
    return inner.sendMessage(message);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return inner.closeGracefully();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return inner.unmarshalFrom(data, typeRef);
  }

  @Override
  public List<String> protocolVersions() {
    return inner.protocolVersions();
  }

  @Override
  public void setExceptionHandler(java.util.function.Consumer<Throwable> handler) {
    inner.setExceptionHandler(handler);
  }
}
