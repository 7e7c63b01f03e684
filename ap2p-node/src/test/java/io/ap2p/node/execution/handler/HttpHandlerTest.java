package io.ap2p.node.execution.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHandlerTest {

  private HttpServer server;
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch slowEnded = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/echo",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          seen.put("method", ex.getRequestMethod());
          seen.put("type", String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
          seen.put("task", String.valueOf(ex.getRequestHeaders().getFirst("Ap2p-Task-Id")));
          seen.put("requester", String.valueOf(ex.getRequestHeaders().getFirst("Ap2p-Requester")));
          ex.getResponseHeaders().add("Content-Type", "text/x-echo");
          reply(ex, 200, body);
        });
    server.createContext(
        "/broken",
        ex -> {
          ex.getRequestBody().readAllBytes();
          reply(ex, 500, ("model crashed: " + "x".repeat(2000)).getBytes());
        });
    server.createContext(
        "/huge",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, 0); // chunked, no length announced
          byte[] chunk = new byte[64 * 1024];
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 10_000; i++) { // 640 MiB unless the client stops reading
              out.write(chunk);
            }
          } catch (IOException e) {
            // the client hung up: expected
          }
        });
    server.createContext(
        "/slow",
        ex -> {
          ex.getRequestBody().readAllBytes();
          slowStarted.countDown();
          try {
            Thread.sleep(30_000);
            reply(ex, 200, "late".getBytes());
          } catch (InterruptedException | IOException e) {
            // stopped
          } finally {
            slowEnded.countDown();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static HandlerException failure(Handler h, Invocation inv, Cancellation c) {
    try {
      Output out = h.run(inv, Progress.NONE, c);
      throw new AssertionError("expected a failure, got " + out.bytes().length() + " bytes");
    } catch (HandlerException e) {
      return e;
    }
  }

  @Test
  void postsTheInputAndReturnsTheBodyWithItsType() throws Exception {
    try (HttpHandler h = new HttpHandler(url("/echo"), 1 << 20, false)) {
      Output out =
          h.run(
              Invocations.of(
                  Invocations.utf8("{\"prompt\":\"fox\"}"), "application/json", 5000, 1000),
              Progress.NONE,
              new Cancellation());
      assertThat(out.bytes().toUtf8()).isEqualTo("{\"prompt\":\"fox\"}");
      assertThat(out.mediaType()).isEqualTo("text/x-echo");
      assertThat(seen)
          .containsEntry("method", "POST")
          .containsEntry("type", "application/json")
          .containsEntry("task", "task-1")
          .containsEntry("requester", "12D3KooWTestRequester");
      assertThat(h.version()).startsWith("http/1 sha256:");
    }
  }

  @Test
  void aNon2xxStatusFailsWithTheStatusAndTheStartOfTheBody() {
    try (HttpHandler h = new HttpHandler(url("/broken"), 1 << 20, false)) {
      HandlerException e = failure(h, Invocations.text("x"), new Cancellation());
      assertThat(e.code()).isEqualTo(TaskErrorCode.FAILED);
      assertThat(e.getMessage()).startsWith("HTTP 500: model crashed: xxx");
      assertThat(e.getMessage()).hasSize("HTTP 500: ".length() + HttpHandler.ERROR_BODY_BYTES);
    }
  }

  @Test
  void aBodyPastTheLimitIsCutOff() {
    long start = System.nanoTime();
    try (HttpHandler h = new HttpHandler(url("/huge"), 1 << 20, false)) {
      HandlerException e = failure(h, Invocations.text("x"), new Cancellation());
      assertThat(e.code()).isEqualTo(TaskErrorCode.OUTPUT_TOO_LARGE);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theDeadlineEndsTheRequest() {
    long start = System.nanoTime();
    try (HttpHandler h = new HttpHandler(url("/slow"), 1 << 20, false)) {
      HandlerException e =
          failure(h, Invocations.of(Bytes.EMPTY, "", 300, 1000), new Cancellation());
      assertThat(e.code()).isEqualTo(TaskErrorCode.DEADLINE_EXCEEDED);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void cancelAbortsTheRequest() throws Exception {
    try (HttpHandler h = new HttpHandler(url("/slow"), 1 << 20, false)) {
      Cancellation c = new Cancellation();
      CompletableFuture<HandlerException> result =
          CompletableFuture.supplyAsync(
              () -> failure(h, Invocations.of(Bytes.EMPTY, "", 60_000, 1000), c),
              r -> Thread.ofVirtual().start(r));
      assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
      c.cancel();
      assertThat(result.get(3, TimeUnit.SECONDS).code()).isEqualTo(TaskErrorCode.CANCELLED);
    }
  }

  @Test
  void nobodyListeningIsAFailure() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (HttpHandler h = new HttpHandler(URI.create("http://127.0.0.1:" + port + "/"), 10, false)) {
      HandlerException e = failure(h, Invocations.text("x"), new Cancellation());
      assertThat(e.code()).isEqualTo(TaskErrorCode.FAILED);
      assertThat(e.getMessage()).startsWith("POST http://127.0.0.1:" + port + "/ failed");
    }
  }

  @Test
  void onlyLoopbackHostsUnlessAllowed() {
    assertThat(HttpHandler.isLoopback(URI.create("http://127.0.0.1:8080/x"))).isTrue();
    assertThat(HttpHandler.isLoopback(URI.create("http://127.1.2.3/x"))).isTrue();
    assertThat(HttpHandler.isLoopback(URI.create("http://[::1]:8080/x"))).isTrue();
    assertThat(HttpHandler.isLoopback(URI.create("http://localhost:8080/x"))).isTrue();
    assertThat(HttpHandler.isLoopback(URI.create("http://LOCALHOST/x"))).isTrue();
    assertThat(HttpHandler.isLoopback(URI.create("http://10.0.0.1/x"))).isFalse();
    assertThat(HttpHandler.isLoopback(URI.create("http://example.com/x"))).isFalse();
    assertThat(HttpHandler.isLoopback(URI.create("http://localhost.example.com/x"))).isFalse();
    assertThat(HttpHandler.isLoopback(URI.create("http://127.0.0.1.nip.io/x"))).isFalse();
    assertThat(HttpHandler.isLoopback(URI.create("http://[::ffff:10.0.0.1]/x"))).isFalse();

    assertThatThrownBy(() -> new HttpHandler(URI.create("http://example.com/x"), 10, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a loopback address")
        .hasMessageContaining("open proxy");
    new HttpHandler(URI.create("https://example.com/x"), 10, true).close();
    assertThatThrownBy(() -> new HttpHandler(URI.create("ftp://127.0.0.1/x"), 10, false))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> new HttpHandler(URI.create("http://u:p@127.0.0.1/x"), 10, false))
        .hasMessageContaining("user info");
    assertThatThrownBy(() -> new HttpHandler(URI.create("/relative"), 10, false))
        .hasMessageContaining("http or https");
  }
}
