package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local API on Jetty: the token guards everything (mounted servlets too), errors keep the
 * {@code {"error": …}} shape even when Jetty answers itself, and hostile requests leave it serving.
 */
class LocalApiTest {

  @TempDir static Path dir;
  static Node node;
  static String url;
  static String token;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    ApiNode started = ApiNode.start(dir);
    node = started.node();
    url = started.url();
    token = started.token();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static HttpResponse<String> get(String path, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statusNeedsTheToken() throws Exception {
    assertThat(url).startsWith("http://127.0.0.1:").isEqualTo(node.api().orElseThrow().url());
    HttpResponse<String> ok = get("/v1/status", "Bearer " + token);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Server")).isEmpty();
    assertThat(Json.parse(ok.body().getBytes(StandardCharsets.UTF_8)).get("peerId").asText())
        .isEqualTo(node.host().peerId().toString());
    for (String bad :
        new String[] {null, "Bearer " + token.substring(1), "Bearer", "Basic " + token, token}) {
      HttpResponse<String> r = get("/v1/status", bad);
      assertThat(r.statusCode()).as(String.valueOf(bad)).isEqualTo(401);
      assertThat(r.body()).contains("\"error\"");
    }
  }

  @Test
  void unknownPathsAnswerJson404() throws Exception {
    HttpResponse<String> r = get("/nothing/here", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).get("error").asText())
        .contains("no such endpoint");
    assertThat(get("/v1/status", null).statusCode()).isEqualTo(401);
  }

  @Test
  void mountedServletsSitBehindTheToken() throws Exception {
    node.api()
        .orElseThrow()
        .mount(
            "/hello",
            new HttpServlet() {
              private static final long serialVersionUID = 1L;

              @Override
              protected void doGet(HttpServletRequest req, HttpServletResponse res)
                  throws IOException {
                res.setContentType("text/plain");
                res.getWriter().write("hi");
              }
            });
    assertThat(get("/hello", null).statusCode()).isEqualTo(401);
    HttpResponse<String> r = get("/hello", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hi");
    assertThat(get("/v1/status", "Bearer " + token).statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> node.api().orElseThrow().mount("/v1/status", new HttpServlet() {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hostileRequestsGetJsonErrorsAndTheApiKeepsServing() throws Exception {
    URI u = URI.create(url);
    // headers far over Jetty's 8 KiB request header limit
    String big = "x".repeat(64 * 1024);
    String answer =
        raw(u, "GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + big + "\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 431");
    assertThat(answer).doesNotContain("<html").doesNotContain("at org.eclipse");
    // garbage instead of a request line
    assertThat(raw(u, "\u0001\u0002garbage\r\n\r\n")).startsWith("HTTP/1.1 400");
    // a declared body larger than it sends, then close: the endpoint fails that request only
    raw(
        u,
        "POST /v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Length: 100000\r\n\r\n{\"invoke\":");
    assertThat(get("/v1/status", "Bearer " + token).statusCode()).isEqualTo(200);
  }

  /** Sends {@code request} on a fresh connection, half-closes, and reads what comes back. */
  static String raw(URI u, String request) throws IOException {
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aNodeThatFailsToStartAfterItsApiLeavesNoApiBehind(@TempDir Path other) throws Exception {
    // an MCP server's home cannot be made (a file is where its directory goes): the node fails
    // after its local API started, which must then be stopped and its api.json removed
    Files.writeString(other.resolve(io.ap2p.node.execution.mcp.McpTools.DIRECTORY), "in the way");
    var specs =
        io.ap2p.node.execution.capability.CapabilitiesFile.parse(
            io.ap2p.core.wire.Bytes.wrap(
                ("{\"mcpServers\": {\"files\": {\"command\": \"sh\", \"args\":"
                        + " [\"server.sh\"]}}, \"capabilities\": [{\"handler\": {\"type\":"
                        + " \"mcp\", \"server\": \"files\", \"tool\": \"read_file\"}}]}")
                    .getBytes(StandardCharsets.UTF_8)),
            other);
    NodeOptions o =
        new NodeOptions(
                PrivateKey.generate(new SecureRandom()),
                List.of(Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                List.of(),
                true,
                Optional.empty(),
                List.of(),
                "ap2p-test",
                Optional.of(other),
                NodeOptions.Discovery.REGISTRY,
                io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
            .serving(specs);
    assertThatThrownBy(() -> Node.start(o, SystemClock.INSTANCE, line -> {}))
        .isInstanceOf(IOException.class);
    assertThat(other.resolve(LocalApi.FILE)).doesNotExist();
  }
}
