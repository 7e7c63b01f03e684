package io.ap2p.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tool call's arguments, read with a limit on each and an error naming the argument at fault
 * ({@link ToolError}), which the client sees as a tool result with {@code isError} so a model can
 * correct itself.
 */
final class Args {

  /** A call's arguments are wrong, or the call failed: the message says why. */
  static final class ToolError extends RuntimeException {
    ToolError(String message) {
      super(message, null, false, false);
    }
  }

  private final String tool;
  private final ObjectNode args;

  private Args(String tool, ObjectNode args) {
    this.tool = tool;
    this.args = args;
  }

  /** The arguments of a call to {@code tool}, refusing members not in {@code known}. */
  static Args of(String tool, Map<String, Object> arguments, Set<String> known) {
    JsonNode n =
        arguments == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(arguments);
    if (!(n instanceof ObjectNode o)) {
      throw new ToolError(tool + ": the arguments must be an object");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new ToolError(
            tool + ": unknown argument '" + brief(name) + "' (known: " + known + ")");
      }
    }
    return new Args(tool, o);
  }

  /** The arguments as they came. */
  ObjectNode json() {
    return args;
  }

  boolean has(String name) {
    JsonNode v = args.get(name);
    return v != null && !v.isNull();
  }

  JsonNode get(String name) {
    return args.get(name);
  }

  /** A string of at most {@code max} characters, if given. */
  Optional<String> string(String name, int max) {
    if (!has(name)) {
      return Optional.empty();
    }
    JsonNode v = args.get(name);
    if (!v.isTextual()) {
      throw fail(name, "a string");
    }
    if (v.asText().length() > max) {
      throw fail(name, "at most " + max + " characters (got " + v.asText().length() + ")");
    }
    return Optional.of(v.asText());
  }

  /** An integer from {@code min} to {@code max}, or {@code dflt}. */
  long integer(String name, long min, long max, long dflt) {
    if (!has(name)) {
      return dflt;
    }
    JsonNode v = args.get(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw fail(name, "an integer from " + min + " to " + max);
    }
    return v.asLong();
  }

  /** One of {@code choices}, or {@code dflt}. */
  String choice(String name, Set<String> choices, String dflt) {
    Optional<String> v = string(name, 64);
    if (v.isPresent() && !choices.contains(v.get())) {
      throw fail(name, "one of " + choices + " (got '" + v.get() + "')");
    }
    return v.orElse(dflt);
  }

  ToolError fail(String name, String what) {
    return new ToolError(tool + "." + name + ": " + what);
  }

  private static String brief(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
