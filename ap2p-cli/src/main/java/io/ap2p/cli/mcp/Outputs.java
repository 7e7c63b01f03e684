package io.ap2p.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.cli.execution.Session;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A step's output as MCP content: images as image content, text and JSON as text, anything else as
 * an embedded blob resource ({@code ap2p://tasks/{id}/steps/{step}/output}). Outputs over {@value
 * #MAX_INLINE} bytes are not sent inline; the summary says how to fetch them.
 */
final class Outputs {

  /** Largest output sent inside a tool result. */
  static final int MAX_INLINE = 16 << 20;

  private Outputs() {}

  /** The content for the output of {@code step} of run {@code id}, or none. */
  static List<McpSchema.Content> content(Session session, String id, JsonNode step) {
    if (!step.path("state").asText().equals("SUCCEEDED") || !step.path("output").isObject()) {
      return List.of();
    }
    String name = step.path("name").asText();
    long size = step.path("output").path("size").asLong();
    String media = step.path("mediaType").asText("application/octet-stream");
    if (size > MAX_INLINE) {
      return List.of(
          text(
              "step "
                  + name
                  + ": its output ("
                  + media
                  + ", "
                  + size
                  + " bytes) is larger than 16 MiB and not sent here; fetch it with GET"
                  + " /v1/tasks/"
                  + id
                  + "/steps/"
                  + name
                  + "/output on the node's API"));
    }
    Bytes out = session.output(id, name);
    String base = media.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
    if (base.startsWith("image/")) {
      return List.of(
          McpSchema.ImageContent.builder(
                  Base64.getEncoder().encodeToString(out.toByteArray()), base)
              .build());
    }
    if ((base.startsWith("text/") || base.equals("application/json") || base.endsWith("+json"))
        && utf8(out)) {
      return List.of(text(out.toUtf8()));
    }
    return List.of(
        McpSchema.EmbeddedResource.builder(
                McpSchema.BlobResourceContents.builder(
                        "ap2p://tasks/" + id + "/steps/" + name + "/output",
                        Base64.getEncoder().encodeToString(out.toByteArray()))
                    .mimeType(base)
                    .build())
            .build());
  }

  /** Text content. */
  static McpSchema.TextContent text(String text) {
    return McpSchema.TextContent.builder(text).build();
  }

  private static boolean utf8(Bytes b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** A step in brief for structured content: what ran where, with which checks and receipt. */
  static ObjectNode step(JsonNode step) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", step.path("name").asText());
    o.put("state", step.path("state").asText());
    o.set("provider", step.path("provider").deepCopy());
    o.put("capability", step.path("capability").asText());
    o.put("attempts", step.path("attempts").asInt());
    o.put("canaries", step.path("canaries").asInt());
    o.set("failures", step.path("failures").deepCopy());
    o.put("detail", step.path("detail").asText());
    o.put("mediaType", step.path("mediaType").asText());
    JsonNode output = step.path("output");
    if (output.isObject()) {
      o.putObject("output")
          .put("size", output.path("size").asLong())
          .put("sha256", output.path("sha256").asText());
    } else {
      o.putNull("output");
    }
    JsonNode r = step.path("receipt");
    if (r.isObject()) {
      ObjectNode receipt = o.putObject("receipt");
      for (String f :
          List.of(
              "taskId",
              "inputSha256",
              "outputSha256",
              "tool",
              "version",
              "startedAt",
              "finishedAt",
              "hash",
              "attestor")) {
        receipt.set(f, r.path(f).deepCopy());
      }
    } else {
      o.putNull("receipt");
    }
    return o;
  }

  /** One line per step for people: state, provider, attempts, receipt. */
  static String report(JsonNode run) {
    StringBuilder b = new StringBuilder();
    b.append("task ")
        .append(run.path("id").asText())
        .append(": ")
        .append(run.path("state").asText());
    if (!run.path("detail").asText().isEmpty()) {
      b.append(" (").append(run.path("detail").asText()).append(')');
    }
    for (JsonNode s : run.path("steps")) {
      b.append("\nstep ").append(s.path("name").asText()).append(": ");
      b.append(s.path("state").asText());
      if (s.path("provider").isTextual()) {
        b.append(" via ").append(s.path("provider").asText());
      }
      b.append(", attempts ").append(s.path("attempts").asInt());
      b.append(", canaries ").append(s.path("canaries").asInt());
      if (!s.path("detail").asText().isEmpty()) {
        b.append(", ").append(s.path("detail").asText());
      }
      JsonNode r = s.path("receipt");
      if (r.isObject()) {
        b.append("\n  receipt: tool ")
            .append(r.path("tool").asText())
            .append(", output sha256 ")
            .append(r.path("outputSha256").asText())
            .append(r.path("attestor").isTextual() ? ", attested" : "");
      }
      if (s.path("output").isObject()) {
        b.append("\n  output: ")
            .append(s.path("mediaType").asText())
            .append(", ")
            .append(s.path("output").path("size").asLong())
            .append(" bytes");
      }
    }
    return b.toString();
  }

  static boolean succeeded(JsonNode run) {
    return run.path("state").asText().equals("SUCCEEDED");
  }

  static boolean ended(JsonNode run) {
    return Session.ended(run.path("state").asText());
  }
}
