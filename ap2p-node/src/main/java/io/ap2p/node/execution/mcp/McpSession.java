package io.ap2p.node.execution.mcp;

import io.ap2p.node.execution.capability.HandlerSpec;
import io.ap2p.node.execution.capability.McpServerSpec;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.ExecHandler;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Progress;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * One live connection to an MCP server, through the SDK's async client: initialised, asked for its
 * tools, pinged, and used for tool calls (progress routed by progress token, cancellation sent as
 * {@code notifications/cancelled}, at most {@link McpServerSpec#maxConcurrent()} calls at once).
 * Closing it stops a stdio server and every process under it.
 */
final class McpSession implements AutoCloseable {

  /** Most tools read from one server. */
  static final int MAX_TOOLS = 1000;

  /** Most pages of {@code tools/list} read. */
  static final int MAX_PAGES = 50;

  /** How long one request other than a tool call (list, ping) may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Lines of the server's stderr kept for messages. */
  static final int STDERR_LINES = 10;

  private static final int STDERR_LINE_CHARS = 300;
  private static final int ERROR_CHARS = 4096;
  private static final long POLL_MILLIS = 50;

  private final McpServerSpec spec;
  private final CancellingTransport transport;
  private final Optional<StdioTransport> stdio;
  private final McpAsyncClient client;
  private final Semaphore slots;
  private final Map<String, Reporter> progress = new ConcurrentHashMap<>();
  private final AtomicLong tokens = new AtomicLong();
  private final Deque<String> stderr = new ArrayDeque<>();
  private final ThreadPoolExecutor progressThread =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(256),
          Thread.ofVirtual().name("mcp-progress").factory(),
          new ThreadPoolExecutor.DiscardPolicy());
  private volatile McpSchema.Implementation serverInfo;

  private McpSession(McpServerSpec spec, Path home, Consumer<List<McpSchema.Tool>> toolsChanged) {
    this.spec = spec;
    this.slots = new Semaphore(spec.maxConcurrent());
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    McpClientTransport raw;
    if (spec.isStdio()) {
      Map<String, String> env = new HashMap<>();
      env.put("PATH", ExecHandler.DEFAULT_PATH);
      env.put("HOME", home.toString());
      env.put("LANG", "C.UTF-8");
      env.putAll(spec.env());
      String program =
          ExecHandler.resolve(spec.command().get(0), env.get("PATH"))
              .map(Path::toString)
              .orElse(spec.command().get(0));
      ServerParameters params =
          ServerParameters.builder(program)
              .args(spec.command().subList(1, spec.command().size()))
              .env(env)
              .build();
      StdioTransport t =
          new StdioTransport(params, mapper, spec.maxMessageBytes(), spec.cwd().orElse(home));
      t.setStdErrorHandler(this::stderrLine);
      stdio = Optional.of(t);
      raw = t;
    } else {
      stdio = Optional.empty();
      HttpClient.Builder http =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(10));
      if (io.ap2p.node.execution.handler.HttpHandler.isLoopback(spec.url().get())) {
        http.proxy(HttpClient.Builder.NO_PROXY);
      }
      raw =
          HttpClientStreamableHttpTransport.builder(
                  spec.url().get().getScheme() + "://" + spec.url().get().getRawAuthority())
              .endpoint(endpoint(spec))
              .clientBuilder(http)
              .jsonMapper(mapper)
              .maxResponseSize(spec.maxMessageBytes())
              .build();
    }
    transport = new CancellingTransport(raw);
    client =
        McpClient.async(transport)
            .requestTimeout(Duration.ofHours(24)) // tool calls: the invocation's deadline rules
            .initializationTimeout(Duration.ofMillis(spec.startTimeoutMs()))
            .clientInfo(new McpSchema.Implementation("ap2p", "ap2p node", "1", null, null, null))
            .progressConsumer(n -> Mono.fromRunnable(() -> onProgress(n)))
            .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> toolsChanged.accept(tools)))
            .build();
  }

  private static String endpoint(McpServerSpec spec) {
    String path = spec.url().get().getRawPath();
    path = path == null || path.isEmpty() ? "/" : path;
    String query = spec.url().get().getRawQuery();
    return query == null ? path : path + "?" + query;
  }

  /**
   * Starts (stdio) or reaches (HTTP) the server and initialises the session.
   *
   * @param home the server's own directory: its {@code HOME} and default working directory
   * @param toolsChanged told the new list when the server says its tools changed
   * @throws IOException saying why it did not come up (with the end of its stderr)
   */
  static McpSession open(McpServerSpec spec, Path home, Consumer<List<McpSchema.Tool>> toolsChanged)
      throws IOException {
    McpSession s = new McpSession(spec, home, toolsChanged);
    try {
      McpSchema.InitializeResult init =
          s.client.initialize().block(Duration.ofMillis(spec.startTimeoutMs() + 1000));
      if (init == null || init.capabilities() == null || init.capabilities().tools() == null) {
        throw new IOException("the server offers no tools");
      }
      s.serverInfo = init.serverInfo();
      return s;
    } catch (RuntimeException | IOException e) {
      s.close(Duration.ofMillis(200)); // nothing to finish gracefully
      throw new IOException(describe(e) + s.stderrTail(), e);
    }
  }

  /** The server's name and version, as it said when initialised. */
  String serverVersion() {
    McpSchema.Implementation i = serverInfo;
    if (i == null) {
      return "mcp";
    }
    return ("mcp " + i.name() + " " + (i.version() == null ? "" : i.version())).strip();
  }

  /** The server's tools (at most {@value #MAX_TOOLS}, from at most {@value #MAX_PAGES} pages). */
  List<McpSchema.Tool> listTools() throws IOException {
    List<McpSchema.Tool> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      McpSchema.ListToolsResult r;
      try {
        r = client.listTools(cursor).block(REQUEST_TIMEOUT);
      } catch (RuntimeException e) {
        throw new IOException("tools/list failed: " + describe(e) + stderrTail(), e);
      }
      if (r == null || r.tools() == null) {
        throw new IOException("tools/list gave no tools");
      }
      for (McpSchema.Tool t : r.tools()) {
        if (t != null && t.name() != null && out.size() < MAX_TOOLS) {
          out.add(t);
        }
      }
      cursor = r.nextCursor();
      if (cursor == null || cursor.isEmpty() || out.size() >= MAX_TOOLS) {
        return out;
      }
    }
    return out;
  }

  /** Whether the server answers a ping within {@code timeout}. */
  boolean ping(Duration timeout) {
    if (stdio.flatMap(StdioTransport::process).map(p -> !p.isAlive()).orElse(false)) {
      return false;
    }
    try {
      client.ping().block(timeout);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The process id of a stdio server. */
  Optional<Long> pid() {
    return stdio.flatMap(StdioTransport::process).map(Process::pid);
  }

  /** Completes when a stdio server's process exits; empty for HTTP (pings tell). */
  Optional<CompletableFuture<Process>> exited() {
    return stdio.flatMap(StdioTransport::process).map(Process::onExit);
  }

  /**
   * Calls {@code tool} with {@code arguments} under the invocation's deadline, forwarding progress;
   * a cancel or the deadline sends {@code notifications/cancelled} to the server.
   *
   * @throws HandlerException DEADLINE_EXCEEDED, CANCELLED, or FAILED with the server's error
   */
  McpSchema.CallToolResult call(
      HandlerSpec.Mcp tool,
      Map<String, Object> arguments,
      Invocation invocation,
      Progress reports,
      Cancellation cancellation)
      throws HandlerException {
    try {
      if (!slots.tryAcquire(Math.max(0, invocation.remainingMillis()), TimeUnit.MILLISECONDS)) {
        throw HandlerException.deadlineExceeded();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HandlerException.cancelled();
    }
    String token = "ap2p-" + tokens.incrementAndGet();
    try {
      invocation.checkLive(cancellation);
      progress.put(token, new Reporter(reports));
      McpSchema.CallToolRequest request =
          new McpSchema.CallToolRequest(tool.tool(), arguments, Map.of("progressToken", token));
      CompletableFuture<McpSchema.CallToolResult> pending = client.callTool(request).toFuture();
      cancellation.onCancel(
          () -> {
            transport.cancel(token, "cancelled by the requester");
            pending.cancel(true);
          });
      return await(pending, token, invocation, cancellation);
    } finally {
      progress.remove(token);
      transport.forget(token);
      slots.release();
    }
  }

  private McpSchema.CallToolResult await(
      CompletableFuture<McpSchema.CallToolResult> pending,
      String token,
      Invocation invocation,
      Cancellation cancellation)
      throws HandlerException {
    while (true) {
      long remaining = invocation.remainingMillis();
      if (remaining <= 0) {
        transport.cancel(token, "deadline passed");
        pending.cancel(true);
        throw HandlerException.deadlineExceeded();
      }
      try {
        McpSchema.CallToolResult r =
            pending.get(Math.min(remaining, POLL_MILLIS), TimeUnit.MILLISECONDS);
        if (r == null) {
          throw HandlerException.failed("the MCP server gave no result");
        }
        drainProgress();
        return r;
      } catch (TimeoutException e) {
        // look at the deadline again
      } catch (CancellationException e) {
        throw HandlerException.cancelled();
      } catch (InterruptedException e) {
        transport.cancel(token, "cancelled");
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw HandlerException.cancelled();
      } catch (ExecutionException e) {
        if (cancellation.isCancelled()) {
          throw HandlerException.cancelled();
        }
        throw HandlerException.failed(clip("MCP " + describe(e.getCause()), ERROR_CHARS));
      }
    }
  }

  /**
   * Waits (at most 1 s) until the progress reports queued so far are delivered, so the last ones
   * reach the requester before the result does.
   */
  private void drainProgress() {
    try {
      CompletableFuture.runAsync(() -> {}, progressThread).get(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // a report dropped or late: the result matters more
    }
  }

  private void onProgress(McpSchema.ProgressNotification n) {
    Reporter r = n == null ? null : progress.get(String.valueOf(n.progressToken()));
    if (r != null) {
      progressThread.execute(() -> r.report(n));
    }
  }

  /** Turns MCP progress (a count, maybe of a total) into a fraction. */
  private static final class Reporter {
    private final Progress to;
    private double fraction;

    Reporter(Progress to) {
      this.to = to;
    }

    synchronized void report(McpSchema.ProgressNotification n) {
      Double total = n.total();
      Double done = n.progress();
      if (total != null && done != null && total > 0 && Double.isFinite(done / total)) {
        fraction = Math.max(0, Math.min(1, done / total));
      }
      String m = n.message() == null ? "" : n.message();
      to.report(fraction, m);
    }
  }

  private void stderrLine(String line) {
    synchronized (stderr) {
      if (stderr.size() == STDERR_LINES) {
        stderr.removeFirst();
      }
      stderr.addLast(clip(line, STDERR_LINE_CHARS));
    }
  }

  /** The end of the server's stderr, as {@code "; stderr: ..."}, or "" when it wrote none. */
  String stderrTail() {
    synchronized (stderr) {
      return stderr.isEmpty() ? "" : "; stderr: " + String.join(" | ", stderr);
    }
  }

  static String describe(Throwable t) {
    if (t instanceof McpError m && m.getJsonRpcError() != null) {
      return "error " + m.getJsonRpcError().code() + ": " + m.getJsonRpcError().message();
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /** Ends the session; a stdio server and its children are stopped (killed if they linger). */
  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  /** As {@link #close()}, waiting at most {@code grace} for a graceful end. */
  void close(Duration grace) {
    Optional<Process> process = stdio.flatMap(StdioTransport::process);
    List<ProcessHandle> tree = process.map(p -> p.descendants().toList()).orElse(List.of());
    try {
      client.closeGracefully().block(grace);
    } catch (RuntimeException e) {
      // killed below
    }
    client.close();
    tree.forEach(ProcessHandle::destroyForcibly);
    process.ifPresent(Process::destroyForcibly);
    progressThread.shutdownNow();
  }

  @Override
  public String toString() {
    return "McpSession[" + spec.name() + "]";
  }
}
