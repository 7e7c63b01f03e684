package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ap2p node start} prints a one-time dashboard link on stderr (and never the API token);
 * {@code ap2p dashboard --node DIR} prints a new one; each logs a browser in once.
 */
class DashboardCliTest {

  @TempDir Path tmp;

  static final Pattern LINK =
      Pattern.compile(
          "ap2p: dashboard (http://127\\.0\\.0\\.1:\\d+/dash/login\\?code=[0-9a-f]{64}) ");

  @Test
  void startPrintsALinkAndTheCommandPrintsFreshOnes() throws Exception {
    NetCliTest.Lines out = new NetCliTest.Lines();
    StringWriter err = new StringWriter();
    Path dir = tmp.resolve("node");
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () ->
                    exit.complete(
                        Main.run(
                            new ByteArrayInputStream(new byte[0]),
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            "node",
                            "start",
                            "--data",
                            dir.toString())));
    try {
      assertThat(out.lines.poll(20, TimeUnit.SECONDS))
          .as("stderr: %s", err)
          .startsWith("listening ");
      Matcher m = LINK.matcher(err.toString());
      assertThat(m.find()).as(err.toString()).isTrue();
      String token =
          io.ap2p.core.wire.Json.parse(java.nio.file.Files.readAllBytes(dir.resolve("api.json")))
              .get("token")
              .asText();
      assertThat(err.toString()).doesNotContain(token);
      assertThat(login(m.group(1))).isEqualTo(200);
      assertThat(login(m.group(1))).isEqualTo(401);

      CliRunner.Result fresh = CliRunner.run("dashboard", "--node", dir.toString());
      assertThat(fresh.code()).as(fresh.err()).isZero();
      String link = fresh.out().strip();
      assertThat(link).startsWith(m.group(1).substring(0, m.group(1).indexOf("code=")));
      assertThat(link).isNotEqualTo(m.group(1));
      assertThat(login(link)).isEqualTo(200);

      CliRunner.Result none = CliRunner.run("dashboard", "--node", tmp.resolve("none").toString());
      assertThat(none.code()).isEqualTo(1);
      assertThat(none.err()).contains("no node running");
      assertThat(CliRunner.run("node", "start", "--help").out()).contains("dashboard");
    } finally {
      t.interrupt();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }
  }

  static int login(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }
}
