package io.ap2p.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.registry.PublishStatus;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.api.TasksEndpoint;
import io.ap2p.node.dashboard.Dashboard;
import io.ap2p.node.metrics.MetricsServlet;
import io.ap2p.node.metrics.ScrapeToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's local API: HTTP (Jetty) on a loopback port, for the {@code ap2p} command on the same
 * machine. Its URL and a bearer token go to {@code api.json} in the data directory (mode 0600), so
 * only the node's owner can call it; every request needs {@code Authorization: Bearer <token>}
 * (else 401). Answers are JSON; errors are {@code {"error": "…"}} with a message naming the member
 * at fault.
 *
 * <ul>
 *   <li>{@code GET /v1/status}: what the node publishes, where, and when each descriptor expires;
 *       its connections, and what its limits refused, by reason (docs/limits.md).
 *   <li>{@code POST /v1/tasks}: delegate. The body is {@code {"invoke": {"tag": "text.summarize",
 *       "intent": "…", "input": "<base64>", "mediaType": "text/plain", "deadlineMs": 30000,
 *       "sideEffect": "none"}}} (a tag, an intent or both; without a tag the node asks its registry
 *       for the intent and takes the best match's first tag) or {@code {"workflow": <a workflow
 *       file>}} whose inputs are inline ({@code text}, {@code json} or {@code base64}; {@code file}
 *       is refused: the API reads no files for a caller). Answers 201 with {@code {"id": …, "kind":
 *       …, "state": …, "tag": …, "chosen": {…}}}; 400 for a bad body, 413 for a body over 64 MiB of
 *       input in base64 (about 86 MiB), 422 when no provider matches an intent, 502 when the
 *       registry cannot be asked.
 *   <li>{@code GET /v1/tasks}: recent runs, newest first, in brief ({@code ?limit=N}, default 50).
 *   <li>{@code GET /v1/tasks/{id}}: the run's state and detail and, per step, its state, progress,
 *       attempts, canaries, provider, failures, receipt summary and output size and SHA-256; {@code
 *       ?output=1} adds each output in base64 ({@code &step=NAME}: that step's only). 404 for an
 *       unknown id.
 *   <li>{@code GET /v1/tasks/{id}/steps/{step}/output}: a step's output as it is, with its media
 *       type.
 *   <li>{@code DELETE /v1/tasks/{id}}: cancel (running attempts get CANCEL): 202, 404 unknown, 409
 *       already ended.
 *   <li>{@code GET /v1/trust}, {@code GET /v1/trust/{peer}}, {@code DELETE /v1/trust/{peer}}: the
 *       node's Tier 1 view: every peer's scores, one peer's scores and recent outcomes, forgetting
 *       a peer (see {@link io.ap2p.node.api.TrustEndpoint}).
 *   <li>{@code POST /a2a}, {@code GET /.well-known/agent-card.json}: A2A JSON-RPC over the node's
 *       own capabilities, and its signed AgentCard (see {@link io.ap2p.node.a2a.A2aEndpoint}).
 *   <li>{@code GET /metrics}: Prometheus text or OpenMetrics (see {@link
 *       io.ap2p.node.metrics.MetricsServlet}, docs/metrics.md); the token is also in {@code
 *       api.token} alone, for a scrape job.
 *   <li>{@code POST /v1/find}: discovery through the node, ranked with its trust view (see {@link
 *       io.ap2p.node.api.FindEndpoint}).
 *   <li>{@code /dash/…}: the web dashboard (see {@link Dashboard}, docs/dashboard.md). A browser
 *       logs in with a one-time link and then holds a session cookie, which {@link ApiGate} also
 *       accepts on the endpoints above, with CSRF checks.
 * </ul>
 *
 * The node keeps the last 256 runs in memory for these endpoints (the oldest finished one goes
 * first).
 */
public final class LocalApi implements AutoCloseable {

  /** The file in the data directory that says how to reach the API. */
  public static final String FILE = "api.json";

  /**
   * Most connections at once (beyond it Jetty stops accepting until one closes): the {@code ap2p}
   * command, A2A clients and open dashboard pages with their event streams.
   */
  static final int MAX_CONNECTIONS = 64;

  /** The name prefix of servlets that check their callers themselves ({@link #mountOpen}). */
  static final String OPEN = "open:";

  private final Node node;
  private final Server server;
  private final ServletContextHandler context;
  private final Path file;
  private final String url;
  private final String token;
  private final ApiServlet servlet;
  private Dashboard dashboard;

  private LocalApi(
      Node node, Server server, ServletContextHandler context, Path file, int port, String token) {
    this.node = node;
    this.server = server;
    this.context = context;
    this.file = file;
    this.url = "http://127.0.0.1:" + port;
    this.token = token;
    this.servlet = new ApiServlet(this, node, url);
  }

  /** Starts the API for {@code node} and writes {@code dataDir/api.json}. */
  public static LocalApi start(Node node, Path dataDir) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String token = Bytes.wrap(secret).toHex();
    QueuedThreadPool threads = new QueuedThreadPool(MAX_CONNECTIONS + 8, 2);
    threads.setName("ap2p-api");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(0);
    connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
    connector
        .getConnectionFactory(HttpConnectionFactory.class)
        .getHttpConfiguration()
        .setSendServerVersion(false); // no "Server: Jetty(…)" to fingerprint
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
    server.setErrorHandler(new JsonErrors());
    connector.open(); // the port is known before the servlets exist (the A2A card names it)
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.setErrorHandler(new JsonErrors());
    LocalApi api =
        new LocalApi(node, server, context, dataDir.resolve(FILE), connector.getLocalPort(), token);
    context.addFilter(new FilterHolder(new ApiGate(api)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(api.servlet), "/");
    api.mount(MetricsServlet.PATH, new MetricsServlet(node.metrics())); // docs/metrics.md
    api.dashboard = Dashboard.attach(api, node, api::isToken);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      api.stop(); // the dashboard's poller too, not only Jetty
      throw new IOException("local API: cannot start: " + e.getMessage(), e);
    }
    try {
      api.writeFiles(dataDir);
    } catch (IOException | RuntimeException e) {
      api.stop(); // no server left listening that no api.json names
      throw e;
    }
    return api;
  }

  /** Writes {@code api.json} (mode 0600, atomically) and {@code api.token}. */
  private void writeFiles(Path dataDir) throws IOException {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("url", url);
    o.put("token", token);
    o.put("peerId", node.host().peerId().toString());
    o.put("pid", ProcessHandle.current().pid());
    Path tmp =
        Files.createTempFile(
            dataDir,
            ".api-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, Json.pretty(o) + "\n");
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    ScrapeToken.write(dataDir, token); // for Prometheus' credentials_file (docs/metrics.md)
  }

  /**
   * Serves {@code servlet} at {@code pathSpec} (a servlet mapping such as {@code "/metrics"} or
   * {@code "/dash/*"}) on this API, behind the same token check, from now on. Exact mappings win
   * over the API's own catch-all; do not mount over {@code /v1/…}, {@code /a2a} or {@code
   * /.well-known/…}.
   */
  public void mount(String pathSpec, HttpServlet servlet) {
    if (!pathSpec.startsWith("/") || pathSpec.equals("/") || pathSpec.startsWith("/v1/")) {
      throw new IllegalArgumentException("mount path: not / or under /v1/: " + pathSpec);
    }
    context.addServlet(new ServletHolder(servlet), pathSpec);
  }

  /**
   * Serves {@code servlet} at {@code pathSpec} without the token check: the servlet checks its
   * callers itself (the dashboard's login and pages).
   */
  public void mountOpen(String pathSpec, HttpServlet servlet) {
    if (!pathSpec.startsWith("/") || pathSpec.equals("/") || pathSpec.startsWith("/v1/")) {
      throw new IllegalArgumentException("mount path: not / or under /v1/: " + pathSpec);
    }
    ServletHolder holder = new ServletHolder(servlet);
    holder.setName(OPEN + pathSpec);
    context.addServlet(holder, pathSpec);
  }

  /** The dashboard served on this API. */
  public Dashboard dashboard() {
    return dashboard;
  }

  /** The task endpoints (one instance: it remembers the order runs were started in). */
  public TasksEndpoint tasks() {
    return servlet.tasks();
  }

  /** Whether {@code candidate} is this API's token (compared in constant time). */
  boolean isToken(String candidate) {
    return MessageDigest.isEqual(
        candidate.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  /** The base URL, {@code http://127.0.0.1:PORT}. */
  public String url() {
    return url;
  }

  /** The node this API serves. */
  Node node() {
    return node;
  }

  /** The node's status as JSON, the answer of {@code GET /v1/status}. */
  public ObjectNode status() {
    long now = node.clock().millis();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("peerId", node.host().peerId().toString());
    o.put("agentVersion", node.host().agentVersion());
    ArrayNode listen = o.putArray("listen");
    node.host()
        .listenAddrs()
        .forEach(a -> listen.add(a.withPeerId(node.host().peerId()).toString()));
    o.put("connections", node.host().connections().size());
    ObjectNode resources = o.putObject("resources"); // docs/limits.md
    resources.put("pendingHandshakes", node.host().pendingHandshakes());
    resources.put("inboundStreams", node.host().resources().inboundStreams());
    resources.put("bufferedBytes", node.host().resources().bufferedBytes());
    ObjectNode refusals = resources.putObject("refusals");
    node.host().refusals().snapshot().forEach((r, n) -> refusals.put(r.counterName(), n));
    node.registry()
        .ifPresentOrElse(
            r -> o.putObject("registry").put("serving", true).put("descriptors", r.size()),
            () -> o.putNull("registry"));
    node.federation().ifPresent(f -> o.set("federation", FederationStatus.json(f)));
    node.dht()
        .ifPresentOrElse(
            d ->
                o.putObject("dht")
                    .put("protocol", d.protocol())
                    .put("routingTable", d.routingTableSize())
                    .put("providerRecords", d.providerRecords()),
            () -> o.putNull("dht"));
    node.provider()
        .ifPresentOrElse(
            p -> {
              ObjectNode pub = o.putObject("publishing");
              pub.put("registry", p.target());
              ArrayNode list = pub.putArray("descriptors");
              for (PublishStatus s : p.status()) {
                ObjectNode d = list.addObject();
                d.put("id", s.capabilityId());
                d.put("seq", s.seq());
                d.put("discoverable", s.discoverableAt(now));
                d.put(
                    "expiresInSeconds",
                    s.expiresAtMillis() == 0 ? -1 : (s.expiresAtMillis() - now) / 1000);
                d.put("nextRefreshInSeconds", Math.max(0, (s.nextRefreshMillis() - now) / 1000));
                d.put("lastVerdict", s.lastVerdict().orElse("none yet"));
                d.set("heldBy", FederationStatus.holders(p, s.capabilityId())); // federation
              }
            },
            () -> o.putNull("publishing"));
    return o;
  }

  /** Stops the API and removes {@code api.json}. */
  @Override
  public void close() {
    stop();
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a stale api.json points at a closed port; status says so
    }
  }

  /** Ends the dashboard's streams and poller, then Jetty. */
  private void stop() {
    if (dashboard != null) {
      dashboard.close();
    }
    stopServer();
  }

  private void stopServer() {
    try {
      server.stop();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
