package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ap2p mcp serve} in its own process, used by the MCP Java SDK's client over stdio (through
 * a running node's API, {@code --node}) and over Streamable HTTP (through a transient node, {@code
 * --registry-peer}), on a real loopback network: a registry, a provider of the built-in {@code
 * image.generate} and one of a slow exec capability.
 */
@Tag("slow")
class McpServeTest {

  @TempDir static Path tmp;
  static LoopbackNetwork net;
  static Process http;
  static String url;
  static String token;
  static Client stdio;
  static Client overHttp;

  /**
   * A client, the transport it speaks through, and the progress it was sent. Not AutoCloseable:
   * JUnit would close it after each parameterized test.
   */
  record Client(
      McpSyncClient mcp, RecordingTransport transport, List<McpSchema.ProgressNotification> seen) {
    void stop() {
      mcp.closeGracefully();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    net = new LoopbackNetwork(tmp.resolve("net"));
    net.provider("images", "image.generate");
    net.provider("slow", List.of(LoopbackNetwork.slow(30)));
    net.requester("req");
    List<String> serve = new ArrayList<>(java());
    serve.addAll(List.of("mcp", "serve", "--node", net.dir.resolve("req").toString()));
    stdio =
        client(
            new StdioClientTransport(
                ServerParameters.builder(serve.get(0)).args(serve.subList(1, serve.size())).build(),
                McpJsonDefaults.getMapper()));
    Path tokenFile = tmp.resolve("token");
    List<String> cmd = new ArrayList<>(java());
    cmd.addAll(
        List.of(
            "mcp",
            "serve",
            "--http",
            "127.0.0.1:0",
            "--token-file",
            tokenFile.toString(),
            "--expose",
            "image.generate",
            "--registry-peer",
            net.registry()));
    http = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("http.out").toFile()).start();
    BufferedReader err =
        new BufferedReader(new InputStreamReader(http.getErrorStream(), StandardCharsets.UTF_8));
    Pattern at = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/mcp");
    String line;
    while ((line = err.readLine()) != null) {
      Matcher m = at.matcher(line);
      if (m.find()) {
        url = m.group(1);
        break;
      }
    }
    assertThat(url).as("the HTTP server's address on stderr").isNotNull();
    Thread.ofVirtual().start(() -> drain(err));
    token = Files.readString(tokenFile).strip();
    assertThat(token).hasSize(64);
    overHttp =
        client(
            HttpClientStreamableHttpTransport.builder(url)
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build());
  }

  static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        // the server's logs
      }
    } catch (java.io.IOException ignored) {
      // gone
    }
  }

  static List<String> java() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        System.getProperty("java.class.path"),
        Main.class.getName());
  }

  static Client client(McpClientTransport transport) {
    RecordingTransport recording = new RecordingTransport(transport);
    List<McpSchema.ProgressNotification> seen = new CopyOnWriteArrayList<>();
    McpSyncClient c =
        McpClient.sync(recording)
            .requestTimeout(Duration.ofSeconds(60))
            .progressConsumer(seen::add)
            .build();
    c.initialize();
    return new Client(c, recording, seen);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Client c : new Client[] {stdio, overHttp}) {
      if (c != null) {
        c.stop();
      }
    }
    if (http != null) {
      http.destroy();
      assertThat(http.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    if (net != null) {
      net.close();
    }
  }

  static Stream<Client> clients() {
    return Stream.of(stdio, overHttp);
  }

  static CallToolResult call(Client c, String tool, Map<String, Object> args, Object progress) {
    CallToolRequest.Builder b = CallToolRequest.builder(tool).arguments(args);
    if (progress != null) {
      b.progressToken(progress);
    }
    return c.mcp().callTool(b.build());
  }

  static String text(CallToolResult r) {
    return r.content().stream()
        .filter(x -> x instanceof McpSchema.TextContent)
        .map(x -> ((McpSchema.TextContent) x).text())
        .reduce("", (a, b) -> a + b + "\n");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  @ParameterizedTest
  @MethodSource("clients")
  void listsTheFourTools(Client c) {
    List<McpSchema.Tool> tools = c.mcp().listTools().tools();
    assertThat(tools)
        .extracting(McpSchema.Tool::name)
        .containsExactlyInAnyOrderElementsOf(
            c == stdio
                ? List.of("find_capabilities", "invoke_capability", "run_workflow", "trust_of")
                : List.of(
                    "find_capabilities",
                    "invoke_capability",
                    "run_workflow",
                    "trust_of",
                    "image_generate"));
    assertThat(tools).allSatisfy(t -> assertThat(t.outputSchema()).isNotNull());
  }

  @ParameterizedTest
  @MethodSource("clients")
  void findsTheImageSkillWithTheReasons(Client c) {
    CallToolResult r =
        call(c, "find_capabilities", Map.of("intent", "generate an image of a cat"), null);
    assertThat(r.isError()).isFalse();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> matches = (List<Map<String, Object>>) structured(r).get("matches");
    assertThat(matches).isNotEmpty();
    assertThat(String.valueOf(matches.get(0).get("tags"))).contains("image.generate");
    assertThat((String) matches.get(0).get("why")).contains("score");
    assertThat(matches.get(0).get("io")).isNotNull();
    assertThat(text(r)).contains("why:");
  }

  @ParameterizedTest
  @MethodSource("clients")
  void invokesImageGenerateAndGetsAPngWithProgress(Client c) {
    String token = "png-" + System.nanoTime();
    CallToolResult r =
        call(
            c,
            "invoke_capability",
            Map.of("tag", "image.generate", "input", Map.of("prompt", "a red fox", "width", 64)),
            token);
    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(structured(r).get("status")).isEqualTo("SUCCEEDED");
    McpSchema.ImageContent image =
        r.content().stream()
            .filter(x -> x instanceof McpSchema.ImageContent)
            .map(x -> (McpSchema.ImageContent) x)
            .findFirst()
            .orElseThrow();
    assertThat(image.mimeType()).isEqualTo("image/png");
    byte[] png = Base64.getDecoder().decode(image.data());
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(text(r)).contains("canaries");
    List<Double> progress =
        c.seen().stream()
            .filter(p -> token.equals(p.progressToken()))
            .map(McpSchema.ProgressNotification::progress)
            .toList();
    // the Java SDK hands notifications to the consumer asynchronously, so the order seen here is
    // not always the wire's (CI saw 0.001 before 0.0): the server sends them strictly increasing
    // (RunFollower; the TypeScript client sees them in wire order); here they are distinct, in
    // [0, 1], and reach 1
    assertThat(progress)
        .hasSizeGreaterThanOrEqualTo(2)
        .doesNotHaveDuplicates()
        .allMatch(p -> p >= 0 && p <= 1)
        .contains(1.0);
  }

  @Test
  void anExposedCapabilityIsAToolWithItsDescriptorsInputSchema() {
    McpSchema.Tool tool =
        overHttp.mcp().listTools().tools().stream()
            .filter(t -> t.name().equals("image_generate"))
            .findFirst()
            .orElseThrow();
    assertThat(String.valueOf(tool.inputSchema().get("properties"))).contains("prompt");
    assertThat(String.valueOf(tool.inputSchema().get("required"))).isEqualTo("[prompt]");
    CallToolResult r =
        call(overHttp, "image_generate", Map.of("prompt", "a kite", "width", 64), null);
    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(r.content())
        .anySatisfy(x -> assertThat(x).isInstanceOf(McpSchema.ImageContent.class));
    r = call(overHttp, "image_generate", Map.of("width", 64), null);
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains("prompt");
  }

  /**
   * Over stdio with the Java SDK's client. (Its Streamable HTTP client holds back the session's
   * other messages while a call's response streams, so over HTTP the test below speaks the protocol
   * itself; the TypeScript SDK's client cancels over both in ap2p-interop.)
   */
  @Test
  void cancellingACallCancelsItsTask() throws Exception {
    Client c = stdio;
    String token = "slow-" + System.nanoTime();
    long t0 = System.nanoTime();
    CompletableFuture<CallToolResult> running =
        CompletableFuture.supplyAsync(
            () ->
                call(
                    c,
                    "invoke_capability",
                    Map.of("tag", "test.slow", "input", "hello", "deadlineMs", 60_000),
                    token));
    // the provider's PROGRESS (0.5 "waiting") arrives while its command sleeps
    LoopbackNetwork.await(
        () ->
            c.seen().stream()
                .anyMatch(p -> token.equals(p.progressToken()) && p.message().contains("waiting")),
        Duration.ofSeconds(20));
    c.transport().cancelLastCall();
    CallToolResult r = running.get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(r.isError()).isTrue();
    assertThat(structured(r).get("status")).isEqualTo("CANCELLED");
    assertThat(text(r)).startsWith("cancelled");
  }

  @ParameterizedTest
  @MethodSource("clients")
  void badArgumentsAreToolErrorsNamingTheArgumentAndTheServerGoesOn(Client c) {
    CallToolResult r = call(c, "invoke_capability", Map.of("tag", "Not A Tag", "input", "x"), null);
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains("invoke_capability.tag");
    r = call(c, "invoke_capability", Map.of("tag", "image.generate"), null);
    assertThat(text(r)).contains("input");
    r = call(c, "invoke_capability", Map.of("tag", "image.generate", "extra", 1), null);
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains("extra");
    r = call(c, "trust_of", Map.of("peer", "not-a-peer"), null);
    assertThat(text(r)).contains("trust_of.peer");
    r = call(c, "find_capabilities", Map.of("limit", 5), null);
    assertThat(text(r)).contains("intent");
    r = call(c, "run_workflow", Map.of("workflow", Map.of("steps", List.of())), null);
    assertThat(r.isError()).isTrue();
    r = call(c, "invoke_capability", Map.of("tag", "x.y", "input", "a".repeat(17 << 20)), null);
    assertThat(text(r)).contains("16 MiB");
    assertThatThrownBy(() -> call(c, "no_such_tool", Map.of(), null))
        .isInstanceOf(McpError.class)
        .hasMessageContaining("Unknown tool");
    assertThat(c.mcp().listTools().tools()).hasSizeGreaterThanOrEqualTo(4);
    CallToolResult trust =
        call(c, "trust_of", Map.of("peer", net.nodes.get(1).host().peerId().toString()), null);
    assertThat(trust.isError()).isFalse();
    assertThat(structured(trust)).containsKey("known");
  }

  @Test
  void aMessageOverTheLimitIsRefusedOverStdioAndTheSessionGoesOn() {
    assertThatThrownBy(
            () -> call(stdio, "invoke_capability", Map.of("input", "a".repeat(33 << 20)), null))
        .isInstanceOf(McpError.class)
        .hasMessageContaining("32 MiB");
    assertThat(stdio.mcp().listTools().tools()).hasSize(4);
  }

  @Test
  void httpWantsTheTokenALoopbackHostAndAnAllowedOrigin() throws Exception {
    HttpClient h = HttpClient.newHttpClient();
    String init =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    Function<HttpRequest.Builder, Integer> status =
        b -> {
          try {
            return h.send(
                    b.header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(init))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
    URI mcp = URI.create(url + "/mcp");
    assertThat(status.apply(HttpRequest.newBuilder(mcp))).isEqualTo(401);
    assertThat(
            status.apply(
                HttpRequest.newBuilder(mcp).header("Authorization", "Bearer " + "0".repeat(64))))
        .isEqualTo(401);
    assertThat(
            status.apply(
                HttpRequest.newBuilder(mcp)
                    .header("Authorization", "Bearer " + token)
                    .header("Origin", "http://evil.example")))
        .isEqualTo(403);
    assertThat(status.apply(HttpRequest.newBuilder(mcp).header("Authorization", "Bearer " + token)))
        .isEqualTo(200);
    // a browser tricked by DNS rebinding sends its own name as the Host
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), mcp.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                  + "Connection: close\r\n\r\n{}")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).contains(" 421 ");
    }
    // an oversized message is refused from its Content-Length, before its body is read; a raw
    // socket, because a client still sending the body may see the early answer as a reset
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), mcp.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:"
                  + mcp.getPort()
                  + "\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + ((32 << 20) + 1)
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).contains(" 413 ");
    }
    assertThat(overHttp.mcp().listTools().tools()).hasSize(5);
  }

  @Test
  void cancellingACallOverStreamableHttpCancelsItsTask() throws Exception {
    HttpClient h = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI mcp = URI.create(url + "/mcp");
    Function<String, HttpRequest.Builder> post =
        body ->
            HttpRequest.newBuilder(mcp)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> init =
        h.send(
            post.apply(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    Function<String, HttpRequest> inSession =
        body -> post.apply(body).header("Mcp-Session-Id", session).build();
    assertThat(
            h.send(
                    inSession.apply(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(202);
    HttpResponse<Stream<String>> call =
        h.send(
            inSession.apply(
                "{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{"
                    + "\"name\":\"invoke_capability\",\"arguments\":{\"tag\":\"test.slow\","
                    + "\"input\":\"hi\"},\"_meta\":{\"progressToken\":\"p\"}}}"),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(call.headers().firstValue("Content-Type").orElse("")).contains("event-stream");
    java.util.Iterator<String> lines = call.body().iterator();
    String line = "";
    while (!line.contains("waiting")) {
      line = lines.next();
    }
    assertThat(
            h.send(
                    inSession.apply(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                            + "\"params\":{\"requestId\":\"slow\"}}"),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(202);
    long t0 = System.nanoTime();
    while (!line.contains("\"id\":\"slow\"")) {
      line = lines.next();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(line).contains("\"status\":\"CANCELLED\"").contains("\"isError\":true");
  }
}
