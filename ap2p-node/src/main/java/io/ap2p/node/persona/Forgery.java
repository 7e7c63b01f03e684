package io.ap2p.node.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.handler.Invocation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a lying persona answers wrongly: it runs its honest handler on a forged input, so the answer
 * has the right form and media type (a PNG, a publish answer) but the wrong content (an image of
 * another prompt; a publish of other bytes, whose answer names the wrong digest). Forging is
 * deterministic: one input always gives the same wrong answer.
 *
 * <ul>
 *   <li>a JSON object: its {@code prompt}, else its first text member, gets {@code "not "} in
 *       front;
 *   <li>other UTF-8 text: {@code "not "} in front;
 *   <li>anything else (a PNG to publish, say): the last byte flipped, the length kept.
 * </ul>
 */
public final class Forgery {

  /** What a forged text starts with. */
  public static final String PREFIX = "not ";

  private Forgery() {}

  /** {@code honest} with its input forged; everything else (task, deadline, limits) kept. */
  public static Invocation forge(Invocation honest) {
    return new Invocation(
        honest.taskId(),
        honest.requester(),
        input(honest.input()),
        honest.mediaType(),
        honest.deadlineMillis(),
        honest.maxOutputBytes(),
        honest.clock());
  }

  /** The forged form of {@code input}; never equal to it. */
  public static Bytes input(Bytes input) {
    byte[] raw = input.toByteArray();
    String text = utf8(raw);
    if (text != null) {
      String stripped = text.strip();
      if (stripped.startsWith("{")) {
        String json = forgedJson(raw);
        if (json != null) {
          return Bytes.wrap(json.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!text.isEmpty()) {
        return Bytes.wrap((PREFIX + text).getBytes(StandardCharsets.UTF_8));
      }
    }
    if (raw.length == 0) {
      return Bytes.wrap(new byte[] {0});
    }
    raw[raw.length - 1] ^= 0x01;
    return Bytes.wrap(raw);
  }

  /** The JSON object with a text member forged, or null when it has none (or is not JSON). */
  private static String forgedJson(byte[] raw) {
    JsonNode node;
    try {
      node = Json.parse(raw);
    } catch (io.ap2p.core.wire.JsonFormatException e) {
      return null;
    }
    if (!(node instanceof ObjectNode o)) {
      return null;
    }
    String member = o.path("prompt").isTextual() ? "prompt" : null;
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      if (member == null && e.getValue().isTextual()) {
        member = e.getKey();
      }
    }
    if (member == null) {
      return null;
    }
    o.put(member, PREFIX + o.get(member).textValue());
    return o.toString();
  }

  /** {@code raw} as UTF-8 text without NUL, or null. */
  private static String utf8(byte[] raw) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
      return s.indexOf('\0') >= 0 ? null : s;
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
