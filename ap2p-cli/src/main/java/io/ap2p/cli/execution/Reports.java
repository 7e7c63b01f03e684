package io.ap2p.cli.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import java.io.PrintWriter;
import java.util.Optional;

/** How runs and steps are told: lines for people, JSON objects for programs. */
final class Reports {

  /** Hex characters shown of a SHA-256 in text. */
  static final int HASH_PREFIX = 16;

  private Reports() {}

  /**
   * One step in text, each line starting with {@code indent}: provider, attempts, canaries,
   * receipt, and the failures when it did not succeed.
   */
  static void step(PrintWriter w, String indent, JsonNode step) {
    JsonNode provider = step.path("provider");
    w.println(indent + "provider   " + (provider.isTextual() ? provider.asText() : "none"));
    if (!step.path("capability").asText().isEmpty()) {
      w.println(indent + "capability " + step.path("capability").asText());
    }
    w.println(
        indent
            + "attempts   "
            + step.path("attempts").asInt()
            + ", canaries "
            + step.path("canaries").asInt()
            + (step.path("canaries").asInt() > 0
                ? " ("
                    + step.path("canaryBytes").asLong()
                    + " bytes, "
                    + step.path("canaryMillis").asLong()
                    + " ms)"
                : ""));
    JsonNode r = step.path("receipt");
    w.println(indent + "receipt    " + (r.isObject() ? receipt(r) : "none"));
    for (JsonNode t : r.path("trace")) {
      w.println(indent + "  trace    " + traceEntry(t));
    }
    if (!step.path("state").asText().equals("SUCCEEDED")) {
      if (!step.path("detail").asText().isEmpty()) {
        w.println(indent + "reason     " + step.path("detail").asText());
      }
      int i = 1;
      for (JsonNode f : step.path("failures")) {
        w.println(indent + "attempt " + i++ + "  " + f.asText());
      }
    }
  }

  /** A receipt in one line: task, hashes (prefixes), tool and version, times, attestation. */
  static String receipt(JsonNode r) {
    long ms = r.path("finishedAtMillis").asLong() - r.path("startedAtMillis").asLong();
    String attestor =
        r.path("attestor").isTextual() ? ", attested by " + r.path("attestor").asText() : "";
    return "task "
        + r.path("taskId").asText()
        + ", input sha256 "
        + prefix(r.path("inputSha256").asText())
        + ", output sha256 "
        + prefix(r.path("outputSha256").asText())
        + ", tool "
        + r.path("tool").asText()
        + (r.path("version").asText().equals(r.path("tool").asText())
            ? ""
            : " version " + r.path("version").asText())
        + ", "
        + r.path("startedAt").asText()
        + " to "
        + r.path("finishedAt").asText()
        + " ("
        + ms
        + " ms)"
        + attestor;
  }

  /** A trace entry in one line: name, version, digest prefix. */
  static String traceEntry(JsonNode t) {
    String version = t.path("version").asText();
    String digest = t.path("digest").isTextual() ? t.path("digest").asText() : "";
    return t.path("name").asText()
        + (version.isEmpty() ? "" : " " + version)
        + (digest.isEmpty() ? "" : " digest " + prefix(digest));
  }

  private static JsonNode failures(JsonNode step) {
    JsonNode f = step.path("failures");
    return f.isArray() ? f.deepCopy() : Json.MAPPER.createArrayNode();
  }

  private static String prefix(String hex) {
    return hex.length() <= HASH_PREFIX ? hex : hex.substring(0, HASH_PREFIX) + "…";
  }

  /**
   * One step as JSON: name, state, provider, capability, attempts, canaries, output (the file it
   * was written to, when it was), mediaType, size, sha256, receipt, detail, failures.
   */
  static ObjectNode stepJson(JsonNode step, Optional<String> output) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", step.path("name").asText());
    o.put("state", step.path("state").asText());
    o.set("provider", step.path("provider").deepCopy());
    o.put("capability", step.path("capability").asText());
    o.put("attempts", step.path("attempts").asInt());
    o.put("canaries", step.path("canaries").asInt());
    o.put("canaryBytes", step.path("canaryBytes").asLong());
    o.put("canaryMillis", step.path("canaryMillis").asLong());
    output.ifPresentOrElse(p -> o.put("output", p), () -> o.putNull("output"));
    o.put("mediaType", step.path("mediaType").asText());
    JsonNode out = step.path("output");
    if (out.isObject()) {
      o.put("size", out.path("size").asLong());
      o.put("sha256", out.path("sha256").asText());
    }
    if (step.path("receipt").isObject()) {
      o.set("receipt", step.path("receipt").deepCopy());
    } else {
      o.putNull("receipt");
    }
    o.put("detail", step.path("detail").asText());
    o.putArray("failures").addAll((com.fasterxml.jackson.databind.node.ArrayNode) failures(step));
    return o;
  }
}
