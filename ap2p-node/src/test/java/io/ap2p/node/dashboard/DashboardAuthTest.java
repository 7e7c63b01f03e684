package io.ap2p.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Json;
import io.ap2p.node.ApiNode;
import io.ap2p.node.Node;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's doors over real HTTP: pages, events and the API refuse without the token or a
 * session cookie; login codes work once; the cookie is HttpOnly and SameSite=Strict; state-changing
 * calls with the cookie need this node's Origin and the CSRF header; a rebound Host is refused.
 */
class DashboardAuthTest {

  @TempDir static Path dir;
  static Node node;
  static String url;
  static String token;
  static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirects

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

  static HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A session cookie, from a fresh one-time link. */
  static String login() throws Exception {
    String link = node.api().orElseThrow().dashboard().loginUrl();
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void withoutTokenOrCookieEverythingIsRefused() throws Exception {
    HttpResponse<String> page = send("GET", "/dash/", null);
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).hasValue("/dash/login");
    assertThat(send("GET", "/dash/app.js", null).statusCode()).isEqualTo(303);
    assertThat(send("GET", "/dash/events", null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/dash/link", "").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/v1/status", null).statusCode()).isEqualTo(401);
    String forged = "Cookie";
    String value = node.api().orElseThrow().dashboard().cookieName() + "=" + "ab".repeat(32);
    assertThat(send("GET", "/dash/events", null, forged, value).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/dash/", null, forged, value).statusCode()).isEqualTo(303);
    // path tricks do not reach the API through the open login servlet
    assertThat(send("GET", "/dash/login/../../v1/status", null).statusCode()).isNotEqualTo(200);
    assertThat(send("GET", "/dash/%2e%2e/v1/status", null).statusCode()).isNotEqualTo(200);
    HttpResponse<String> login = send("GET", "/dash/login", null);
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("<form").doesNotContain(token);
    assertThat(send("GET", "/dash/login?code=" + "00".repeat(32), null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aLoginLinkWorksOnceAndSetsAStrictHttpOnlyCookie() throws Exception {
    HttpResponse<String> link = send("POST", "/dash/link", "", "Authorization", "Bearer " + token);
    assertThat(link.statusCode()).isEqualTo(201);
    String u = Json.parse(link.body().getBytes(StandardCharsets.UTF_8)).get("url").asText();
    assertThat(u).startsWith(url + "/dash/login?code=").doesNotContain(token);
    HttpResponse<String> first =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(u)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    HttpResponse<String> again =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(u)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    String c = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> page = send("GET", "/dash/", null, "Cookie", c);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.body()).contains("<script src=\"/dash/app.js\"");
  }

  @Test
  void theTokenFormLogsInFromThisOriginOnly() throws Exception {
    String form = "token=" + token;
    String type = "application/x-www-form-urlencoded";
    assertThat(send("POST", "/dash/login", form, "Content-Type", type).statusCode()).isEqualTo(403);
    assertThat(
            send("POST", "/dash/login", form, "Content-Type", type, "Origin", "http://evil.example")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send("POST", "/dash/login", "token=nope", "Content-Type", type, "Origin", url)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send(
                    "POST",
                    "/dash/login",
                    "token=" + "x".repeat(5000),
                    "Content-Type",
                    type,
                    "Origin",
                    url)
                .statusCode())
        .isEqualTo(413);
    HttpResponse<String> ok =
        send("POST", "/dash/login", form, "Content-Type", type, "Origin", url);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Set-Cookie").orElse("")).contains("HttpOnly");
  }

  @Test
  void theCookieReachesTheApiWithCsrfChecks() throws Exception {
    String c = login();
    HttpResponse<String> status = send("GET", "/v1/status", null, "Cookie", c);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.headers().firstValue("Content-Security-Policy").orElse(""))
        .startsWith("sandbox");
    String query = "{\"text\": \"anything\"}";
    assertThat(send("POST", "/v1/find", query, "Cookie", c).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/v1/find", query, "Cookie", c, "Origin", url).statusCode())
        .isEqualTo(403); // no CSRF header
    assertThat(
            send(
                    "POST",
                    "/v1/find",
                    query,
                    "Cookie",
                    c,
                    "Origin",
                    "http://evil.example",
                    "X-Ap2p-Dash",
                    "1")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "POST",
                    "/v1/find",
                    query,
                    "Cookie",
                    c,
                    "Origin",
                    url,
                    "X-Ap2p-Dash",
                    "1",
                    "Sec-Fetch-Site",
                    "cross-site")
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> found =
        send("POST", "/v1/find", query, "Cookie", c, "Origin", url, "X-Ap2p-Dash", "1");
    assertThat(found.statusCode()).isNotIn(401, 403);
    assertThat(send("DELETE", "/v1/tasks/nope", null, "Cookie", c).statusCode()).isEqualTo(403);
    // a page on another name rebound to 127.0.0.1 (its Host is not ours)
    String raw =
        raw(
            "GET /v1/status HTTP/1.1\r\nHost: evil.example:"
                + URI.create(url).getPort()
                + "\r\nCookie: "
                + c
                + "\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 421");
  }

  @Test
  void eventsStreamSnapshots() throws Exception {
    String c = login();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url + "/dash/events")).header("Cookie", c).build();
    HttpResponse<InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertThat(in.readLine()).isEqualTo("event: snapshot");
      String data = in.readLine();
      assertThat(data).startsWith("data: ");
      JsonNode snap = Json.parse(data.substring(6).getBytes(StandardCharsets.UTF_8));
      assertThat(snap.path("node").path("peerId").asText())
          .isEqualTo(node.host().peerId().toString());
      assertThat(snap.has("tasks")).isTrue();
      assertThat(snap.has("trust")).isTrue();
      assertThat(snap.has("history")).isTrue();
    }
  }

  @Test
  void eventStreamsAreBounded() throws Exception {
    String c = login();
    List<InputStream> open = new java.util.ArrayList<>();
    int refusedAt = -1;
    try {
      for (int i = 0; i <= EventsServlet.MAX_STREAMS && refusedAt < 0; i++) {
        HttpResponse<InputStream> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/dash/events"))
                    .header("Cookie", c)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        open.add(r.body());
        if (r.statusCode() == 429) {
          refusedAt = i;
        } else {
          assertThat(r.statusCode()).isEqualTo(200);
        }
      }
      // streams of other tests may still be counted until their next write finds them gone
      assertThat(refusedAt).isBetween(1, EventsServlet.MAX_STREAMS);
      assertThat(send("GET", "/v1/status", null, "Cookie", c).statusCode()).isEqualTo(200);
    } finally {
      for (InputStream in : open) {
        in.close();
      }
    }
  }

  static String raw(String request) throws Exception {
    URI u = URI.create(url);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
    }
  }
}
