package io.ap2p.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.LocalApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A running node's local API, found through {@code api.json} in its data directory (see {@link
 * LocalApi}). Failures to reach it are {@link CliFailure}s that say which node and why.
 */
public final class NodeApiClient implements AutoCloseable {

  private final Path dir;
  private final String url;
  private final String token;
  private final HttpClient client;

  private NodeApiClient(Path dir, String url, String token) {
    this.dir = dir;
    this.url = url;
    this.token = token;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * The API of the node whose data directory is {@code dir}.
   *
   * @throws CliFailure if no node runs there or {@code api.json} is unreadable
   */
  public static NodeApiClient open(Path dir) {
    Path file = dir.resolve(LocalApi.FILE);
    JsonNode api;
    try {
      api = Json.parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new CliFailure(
          "no node running with data directory " + dir + " (no " + file.getFileName() + ")");
    } catch (IOException | JsonFormatException e) {
      throw new CliFailure("cannot read " + file + ": " + e.getMessage());
    }
    String url = api.path("url").asText();
    if (!url.startsWith("http://127.0.0.1:")) {
      throw new CliFailure(file + " names an unexpected API address: " + url);
    }
    return new NodeApiClient(dir, url, api.path("token").asText());
  }

  /**
   * Sends {@code method path} with {@code body} (null for none); waits at most {@code timeout}.
   *
   * @throws CliFailure if the node does not answer
   */
  public HttpResponse<byte[]> send(String method, String path, byte[] body, Duration timeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CliFailure(
          "the node of "
              + dir
              + " does not answer at "
              + url
              + " (stopped? "
              + e.getMessage()
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while waiting for the node of " + dir);
    }
  }

  /** The data directory of the node. */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    client.close();
  }
}
