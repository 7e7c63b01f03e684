package io.ap2p.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ap2p.core.discovery.registry.PublishStatus;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
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
 * node's owner can call it. {@code GET /v1/status} answers what the node publishes, where, and when
 * each descriptor expires.
 */
public final class LocalApi implements AutoCloseable {

  /** The file in the data directory that says how to reach the API. */
  public static final String FILE = "api.json";

  private final Node node;
  private final HttpServer server;
  private final Path file;
  private final String token;

  private LocalApi(Node node, HttpServer server, Path file, String token) {
    this.node = node;
    this.server = server;
    this.file = file;
    this.token = token;
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
      if (!ex.getRequestMethod().equals("GET")
          || !ex.getRequestURI().getPath().equals("/v1/status")) {
        reply(ex, 404, "{\"error\":\"no such endpoint; try GET /v1/status\"}");
        return;
      }
      reply(ex, 200, Json.pretty(status()));
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
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
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
