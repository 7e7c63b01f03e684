package io.ap2p.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ap2p.core.discovery.registry.PublishStatus;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.api.TasksEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.Executors;

/**
 * The node's local API: HTTP on a loopback port, for the {@code ap2p} command on the same machine.
 * Its URL and a bearer token go to {@code api.json} in the data directory (mode 0600), so only the
 * node's owner can call it; every request needs {@code Authorization: Bearer <token>} (else 401).
 * Answers are JSON; errors are {@code {"error": "…"}} with a message naming the member at fault.
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
 *   <li>{@code POST /v1/find}: discovery through the node, ranked with its trust view (see {@link
 *       io.ap2p.node.api.FindEndpoint}).
 * </ul>
 *
 * The node keeps the last 256 runs in memory for these endpoints (the oldest finished one goes
 * first).
 */
public final class LocalApi implements AutoCloseable {

  /** The file in the data directory that says how to reach the API. */
  public static final String FILE = "api.json";

  private final Node node;
  private final HttpServer server;
  private final Path file;
  private final String token;
  private final TasksEndpoint tasks;
  private final io.ap2p.node.api.TrustEndpoint trust;
  private final io.ap2p.node.a2a.A2aEndpoint a2a;

  private LocalApi(Node node, HttpServer server, Path file, String token) {
    this.node = node;
    this.server = server;
    this.file = file;
    this.token = token;
    this.tasks = new TasksEndpoint(node);
    this.trust = new io.ap2p.node.api.TrustEndpoint(node.trust());
    this.a2a =
        new io.ap2p.node.a2a.A2aEndpoint(node, "http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Starts the API for {@code node} and writes {@code dataDir/api.json}. */
  public static LocalApi start(Node node, Path dataDir) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String token = Bytes.wrap(secret).toHex();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    LocalApi api = new LocalApi(node, server, dataDir.resolve(FILE), token);
    server.createContext("/", api::handle);
    server.start();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("url", "http://127.0.0.1:" + server.getAddress().getPort());
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
    Files.move(tmp, api.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return api;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null
          || !MessageDigest.isEqual(
              auth.getBytes(StandardCharsets.UTF_8),
              ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
        reply(
            ex, 401, "{\"error\":\"missing or wrong token (see api.json in the data directory)\"}");
        return;
      }
      String path = ex.getRequestURI().getRawPath();
      if (TasksEndpoint.matches(path)) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        TasksEndpoint.Reply r;
        try {
          r =
              tasks.handle(
                  ex.getRequestMethod(),
                  path,
                  ex.getRequestURI().getRawQuery(),
                  ex.getRequestBody(),
                  contentLength(length));
        } catch (RuntimeException e) {
          r = TasksEndpoint.Reply.error(500, "internal error: " + e);
        }
        reply(ex, r.status(), r.contentType(), r.body());
        return;
      }
      if (io.ap2p.node.api.FindEndpoint.matches(path)) {
        TasksEndpoint.Reply r;
        try {
          r =
              new io.ap2p.node.api.FindEndpoint(node)
                  .handle(
                      ex.getRequestMethod(),
                      ex.getRequestBody(),
                      contentLength(ex.getRequestHeaders().getFirst("Content-Length")));
        } catch (RuntimeException e) {
          r = TasksEndpoint.Reply.error(500, "internal error: " + e);
        }
        reply(ex, r.status(), r.contentType(), r.body());
        return;
      }
      if (io.ap2p.node.api.TrustEndpoint.matches(path)) {
        TasksEndpoint.Reply r;
        try {
          r = trust.handle(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery());
        } catch (RuntimeException e) {
          r = TasksEndpoint.Reply.error(500, "internal error: " + e);
        }
        reply(ex, r.status(), r.contentType(), r.body());
        return;
      }
      if (io.ap2p.node.a2a.A2aEndpoint.matches(path)) { // A2A JSON-RPC and the agent card
        TasksEndpoint.Reply r;
        try {
          r =
              a2a.handle(
                  ex.getRequestMethod(),
                  path,
                  ex.getRequestBody(),
                  contentLength(ex.getRequestHeaders().getFirst("Content-Length")));
        } catch (RuntimeException e) {
          r = TasksEndpoint.Reply.error(500, "internal error: " + e);
        }
        reply(ex, r.status(), r.contentType(), r.body());
        return;
      }
      if (!ex.getRequestMethod().equals("GET") || !path.equals("/v1/status")) {
        reply(ex, 404, "{\"error\":\"no such endpoint; try GET /v1/status or /v1/tasks\"}");
        return;
      }
      reply(ex, 200, Json.pretty(status()));
    }
  }

  private static long contentLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The node's status as JSON. */
  ObjectNode status() {
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
              }
            },
            () -> o.putNull("publishing"));
    return o;
  }

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    reply(ex, code, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange ex, int code, String contentType, byte[] b)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Stops the API and removes {@code api.json}. */
  @Override
  public void close() {
    server.stop(0);
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a stale api.json points at a closed port; status says so
    }
  }
}
