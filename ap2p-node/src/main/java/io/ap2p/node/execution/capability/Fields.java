package io.ap2p.node.execution.capability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Typed reads of JSON members whose failures name the member's path. */
final class Fields {

  private Fields() {}

  /** Fails unless {@code node} is an object with no member outside {@code known}. */
  static void checkObject(JsonNode node, String at, Set<String> known)
      throws CapabilitiesFileException {
    if (node == null || !node.isObject()) {
      throw new CapabilitiesFileException(at, "must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new CapabilitiesFileException(
            at + "." + name,
            "is not a known field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  /** A string member, or null when absent. */
  static String optionalString(JsonNode parent, String name, String at)
      throws CapabilitiesFileException {
    JsonNode n = parent.get(name);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw new CapabilitiesFileException(at + "." + name, "must be a string");
    }
    return n.textValue();
  }

  /** A non-blank string member. */
  static String requiredString(JsonNode parent, String name, String at)
      throws CapabilitiesFileException {
    String s = optionalString(parent, name, at);
    if (s == null || s.isBlank()) {
      throw new CapabilitiesFileException(at + "." + name, "must be a non-empty string");
    }
    return s;
  }

  /** An integer member from {@code min} to {@code max}, or {@code fallback} when absent. */
  static long integer(JsonNode parent, String name, String at, long min, long max, long fallback)
      throws CapabilitiesFileException {
    JsonNode n = parent.get(name);
    if (n == null) {
      return fallback;
    }
    if (!n.isIntegralNumber()
        || !n.canConvertToLong()
        || n.longValue() < min
        || n.longValue() > max) {
      throw new CapabilitiesFileException(
          at + "." + name, "must be an integer from " + min + " to " + max);
    }
    return n.longValue();
  }

  /** A boolean member, or {@code fallback} when absent. */
  static boolean bool(JsonNode parent, String name, String at, boolean fallback)
      throws CapabilitiesFileException {
    JsonNode n = parent.get(name);
    if (n == null) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw new CapabilitiesFileException(at + "." + name, "must be true or false");
    }
    return n.booleanValue();
  }
}
