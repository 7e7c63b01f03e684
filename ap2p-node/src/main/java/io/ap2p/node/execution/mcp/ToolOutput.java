package io.ap2p.node.execution.mcp;

import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Output;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tool's result as a task's output.
 *
 * <ul>
 *   <li>{@code isError}: the task fails with the tool's text (its first {@value #ERROR_CHARS}
 *       characters).
 *   <li>structured content: {@code application/json}, the structured content itself.
 *   <li>one text item: {@code text/plain; charset=utf-8}.
 *   <li>one image or audio item: its bytes (base64-decoded) with its own media type.
 *   <li>anything else: {@code application/json} {@code {"content": [...]}} as MCP gives it.
 * </ul>
 *
 * The output is checked against the limit after decoding; a malformed result fails the task.
 */
final class ToolOutput {

  static final int ERROR_CHARS = 4096;

  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  private ToolOutput() {}

  static Output of(McpSchema.CallToolResult r, long limit, Trace trace) throws HandlerException {
    List<McpSchema.Content> content = r.content() == null ? List.of() : r.content();
    if (Boolean.TRUE.equals(r.isError())) {
      StringBuilder text = new StringBuilder();
      for (McpSchema.Content c : content) {
        if (c instanceof McpSchema.TextContent t && t.text() != null) {
          if (!text.isEmpty()) {
            text.append('\n');
          }
          text.append(t.text());
          if (text.length() > ERROR_CHARS) {
            break;
          }
        }
      }
      throw HandlerException.failed(
          McpSession.clip(
              text.isEmpty() ? "the tool reported an error" : "tool error: " + text, ERROR_CHARS));
    }
    Bytes bytes;
    String type;
    if (r.structuredContent() != null) {
      bytes = json(r.structuredContent());
      type = "application/json";
    } else if (content.size() == 1 && content.get(0) instanceof McpSchema.TextContent t) {
      bytes = Bytes.wrap((t.text() == null ? "" : t.text()).getBytes(StandardCharsets.UTF_8));
      type = "text/plain; charset=utf-8";
    } else if (content.size() == 1 && content.get(0) instanceof McpSchema.ImageContent i) {
      bytes = base64(i.data());
      type = mediaType(i.mimeType());
    } else if (content.size() == 1 && content.get(0) instanceof McpSchema.AudioContent a) {
      bytes = base64(a.data());
      type = mediaType(a.mimeType());
    } else {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("content", content);
      bytes = json(all);
      type = "application/json";
    }
    if (bytes.length() > limit) {
      throw HandlerException.outputTooLarge(limit);
    }
    return new Output(bytes, type, trace);
  }

  private static Bytes json(Object value) throws HandlerException {
    try {
      return Bytes.wrap(
          io.modelcontextprotocol.json.McpJsonDefaults.getMapper().writeValueAsBytes(value));
    } catch (java.io.IOException | RuntimeException e) {
      throw HandlerException.failed("the tool's result cannot be written as JSON: " + e);
    }
  }

  private static Bytes base64(String data) throws HandlerException {
    if (data == null) {
      throw HandlerException.failed("the tool's result has an item without data");
    }
    try {
      return Bytes.wrap(Base64.getMimeDecoder().decode(data));
    } catch (IllegalArgumentException e) {
      throw HandlerException.failed("the tool's result holds data that is not base64");
    }
  }

  private static String mediaType(String t) {
    return t != null && MEDIA_TYPE.matcher(t).matches() ? t : "application/octet-stream";
  }
}
