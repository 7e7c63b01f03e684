package io.ap2p.node.execution.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport that remembers the JSON-RPC id of each {@code tools/call} by its progress
 * token, so a call can be cancelled with {@code notifications/cancelled}: the SDK's client keeps
 * its request ids to itself and sends no cancellation when a call is dropped.
 */
final class CancellingTransport implements McpClientTransport {

  /** The method of MCP's cancellation notification. */
  static final String CANCELLED = "notifications/cancelled";

  private final McpClientTransport delegate;
  private final Map<Object, Object> requestIds = new ConcurrentHashMap<>();

  CancellingTransport(McpClientTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return delegate.connect(handler);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest r
        && McpSchema.METHOD_TOOLS_CALL.equals(r.method())
        && r.params() instanceof McpSchema.CallToolRequest call
        && call.meta() != null
        && call.meta().get("progressToken") != null) {
      requestIds.put(call.meta().get("progressToken"), r.id());
    }
    return delegate.sendMessage(message);
  }

  /**
   * Tells the server to stop the call with {@code progressToken}; does nothing when it was never
   * sent. The answer, if the server still gives one, is dropped by the caller.
   */
  void cancel(Object progressToken, String reason) {
    Object id = requestIds.remove(progressToken);
    if (id == null) {
      return;
    }
    delegate
        .sendMessage(
            new McpSchema.JSONRPCNotification(
                McpSchema.JSONRPC_VERSION, CANCELLED, Map.of("requestId", id, "reason", reason)))
        .onErrorComplete()
        .subscribe();
  }

  /** Forgets the call with {@code progressToken} (it ended). */
  void forget(Object progressToken) {
    requestIds.remove(progressToken);
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    delegate.setExceptionHandler(handler);
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return delegate.unmarshalFrom(data, typeRef);
  }
}
