package io.ap2p.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.NodeApiClient;
import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.store.DataDir;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Calls to a running node's {@code /v1/trust} endpoints, and the formats the commands share. */
public final class TrustApi {

  private TrustApi() {}

  /** The node's data directory: {@code dir}, else $AP2P_DATA, else ~/.ap2p. */
  static Path dir(Path dir) {
    return dir != null ? dir : DataDir.defaultPath(System.getenv());
  }

  /**
   * {@code method path} on the node of {@code dir}, as JSON.
   *
   * @throws CliFailure if no node runs there, it does not answer, or it answers an error
   */
  public static JsonNode call(Path dir, String method, String path) {
    HttpResponse<byte[]> r;
    try (NodeApiClient api = NodeApiClient.open(dir)) {
      r = api.send(method, path, null, Duration.ofSeconds(10));
    }
    JsonNode body;
    try {
      body = Json.parse(r.body());
    } catch (JsonFormatException e) {
      throw new CliFailure(
          "the node answered HTTP "
              + r.statusCode()
              + ": "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
    if (r.statusCode() == 404 && path.startsWith("/v1/trust")) {
      throw new CliFailure("the node of " + dir + " has no trust API (an older version?)");
    }
    if (r.statusCode() != 200) {
      throw new CliFailure(
          "the node refused: " + body.path("error").asText() + " (HTTP " + r.statusCode() + ")");
    }
    return body;
  }

  /** {@code text} as a peer id, or a usage error naming PEER. */
  static PeerId peer(CommandLine cmd, String text) {
    try {
      return PeerId.parse(text);
    } catch (KeyFormatException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          cmd, "PEER: '" + text + "' is not a peer id (" + e.getMessage() + ")");
    }
  }

  /** A score with its sign, three places. */
  static String score(double s) {
    return String.format(Locale.ROOT, "%+.3f", s);
  }
}
