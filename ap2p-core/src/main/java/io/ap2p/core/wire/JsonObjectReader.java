package io.ap2p.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the members of one JSON object strictly: each read checks type and bounds, errors name the
 * JSON path, and {@link #rejectUnknown()} refuses members nobody read.
 */
public final class JsonObjectReader {

  private final JsonNode node;
  private final JsonObjectReader parent; // null at the top, where name is the whole path
  private final String name;
  // names asked for (each once), and how many of them the object has: when that count is the
  // object's size, no member is unknown
  private String[] read = new String[16];
  private int readCount;
  private int presentRead;

  private JsonObjectReader(JsonNode node, JsonObjectReader parent, String name) {
    this.node = node;
    this.parent = parent;
    this.name = name;
  }

  /** A reader over {@code node}, which must be an object, found at {@code path}. */
  public static JsonObjectReader of(JsonNode node, String path) throws JsonFormatException {
    if (node == null || !node.isObject()) {
      throw new JsonFormatException(path, "must be a JSON object");
    }
    return new JsonObjectReader(node, null, path);
  }

  /** The path of this object. */
  public String path() {
    return parent == null ? name : parent.pathOf(name); // built only when asked: errors are rare
  }

  /** The path of member {@code member}. */
  public String pathOf(String member) {
    return path() + "." + member;
  }

  private JsonNode member(String name, boolean required) throws JsonFormatException {
    JsonNode v = node.get(name);
    if (firstRead(name) && v != null) {
      presentRead++;
    }
    if (v == null || v.isNull()) {
      if (required) {
        throw new JsonFormatException(pathOf(name), "is required");
      }
      return null;
    }
    return v;
  }

  private boolean firstRead(String name) {
    for (int i = 0; i < readCount; i++) {
      if (read[i].equals(name)) {
        return false;
      }
    }
    if (readCount == read.length) {
      read = Arrays.copyOf(read, 2 * readCount);
    }
    read[readCount++] = name;
    return true;
  }

  /** A required string of 1..{@code maxLength} characters. */
  public String string(String name, int maxLength) throws JsonFormatException {
    return checkString(member(name, true), name, maxLength, false);
  }

  /** An optional string of at most {@code maxLength} characters. */
  public Optional<String> optString(String name, int maxLength) throws JsonFormatException {
    JsonNode v = member(name, false);
    return v == null ? Optional.empty() : Optional.of(checkString(v, name, maxLength, true));
  }

  private String checkString(JsonNode v, String name, int maxLength, boolean allowEmpty)
      throws JsonFormatException {
    if (!v.isTextual()) {
      throw new JsonFormatException(pathOf(name), "must be a string");
    }
    String s = v.textValue();
    if (s.length() > maxLength) {
      throw new JsonFormatException(pathOf(name), "is longer than " + maxLength + " characters");
    }
    if (s.isEmpty() && !allowEmpty) {
      throw new JsonFormatException(pathOf(name), "must not be empty");
    }
    return s;
  }

  /** A required integer in {@code [min, max]}. */
  public long integer(String name, long min, long max) throws JsonFormatException {
    return checkInteger(member(name, true), name, min, max);
  }

  /** An optional integer in {@code [min, max]}, {@code fallback} when absent. */
  public long optInteger(String name, long min, long max, long fallback)
      throws JsonFormatException {
    JsonNode v = member(name, false);
    return v == null ? fallback : checkInteger(v, name, min, max);
  }

  private long checkInteger(JsonNode v, String name, long min, long max)
      throws JsonFormatException {
    if (!v.isNumber()) {
      throw new JsonFormatException(pathOf(name), "must be an integer");
    }
    double d = v.doubleValue();
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      throw new JsonFormatException(pathOf(name), "must be an integer");
    }
    if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      throw new JsonFormatException(pathOf(name), "must be between " + min + " and " + max);
    }
    return v.longValue();
  }

  /** An optional number in {@code [min, max]}, {@code fallback} when absent. */
  public double optNumber(String name, double min, double max, double fallback)
      throws JsonFormatException {
    JsonNode v = member(name, false);
    if (v == null) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw new JsonFormatException(pathOf(name), "must be a number");
    }
    double d = v.doubleValue();
    if (!(d >= min && d <= max)) {
      throw new JsonFormatException(pathOf(name), "must be between " + min + " and " + max);
    }
    return d;
  }

  /** An optional boolean, {@code fallback} when absent. */
  public boolean optBoolean(String name, boolean fallback) throws JsonFormatException {
    JsonNode v = member(name, false);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new JsonFormatException(pathOf(name), "must be true or false");
    }
    return v.booleanValue();
  }

  /** A required nested object. */
  public JsonObjectReader object(String name) throws JsonFormatException {
    return nested(member(name, true), name);
  }

  private JsonObjectReader nested(JsonNode v, String member) throws JsonFormatException {
    if (!v.isObject()) {
      throw new JsonFormatException(pathOf(member), "must be a JSON object");
    }
    return new JsonObjectReader(v, this, member);
  }

  /** An optional nested object. */
  public Optional<JsonObjectReader> optObject(String name) throws JsonFormatException {
    JsonNode v = member(name, false);
    return v == null ? Optional.empty() : Optional.of(nested(v, name));
  }

  /** A required member of any JSON type. */
  public JsonNode raw(String name) throws JsonFormatException {
    return member(name, true);
  }

  /**
   * An array of strings, each 1..{@code maxLength} characters, at most {@code maxItems}; empty when
   * absent unless {@code required}.
   */
  public List<String> strings(String name, int maxItems, int maxLength, boolean required)
      throws JsonFormatException {
    JsonNode v = member(name, required);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new JsonFormatException(pathOf(name), "must be an array of strings");
    }
    if (v.size() > maxItems) {
      throw new JsonFormatException(pathOf(name), "has more than " + maxItems + " items");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual() || item.textValue().isEmpty()) {
        throw new JsonFormatException(pathOf(name) + "[" + i + "]", "must be a non-empty string");
      }
      if (item.textValue().length() > maxLength) {
        throw new JsonFormatException(
            pathOf(name) + "[" + i + "]", "is longer than " + maxLength + " characters");
      }
      out.add(item.textValue());
    }
    return List.copyOf(out);
  }

  /** Fails on the first member that no read asked for. */
  public void rejectUnknown() throws JsonFormatException {
    if (presentRead == node.size()) {
      return;
    }
    List<String> known = Arrays.asList(read).subList(0, readCount);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new JsonFormatException(pathOf(name), "is not a known field");
      }
    }
  }
}
