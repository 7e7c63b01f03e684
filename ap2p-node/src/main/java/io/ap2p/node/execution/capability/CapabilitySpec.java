package io.ap2p.node.execution.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One capability a node serves: its descriptor template and how to run it.
 *
 * @param id the capability id (the template's {@code id})
 * @param template the unsigned descriptor template (a valid one: checked when read); copied in and
 *     out
 * @param handler how invocations run
 * @param configJson the entry as canonical JSON text, self-contained (paths absolute, descriptor
 *     files inlined), so it can be stored and read again with {@link #parseEntry}
 */
public record CapabilitySpec(
    String id, ObjectNode template, HandlerSpec handler, String configJson) {

  /** Checks that nothing is missing and {@code id} is the template's. */
  public CapabilitySpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(configJson, "configJson");
    template = template.deepCopy();
    JsonNode tid = template.get("id");
    if (tid == null || !id.equals(tid.asText())) {
      throw new IllegalArgumentException("the template's id is not " + id);
    }
  }

  /** A copy of the template. */
  @Override
  public ObjectNode template() {
    return template.deepCopy();
  }

  /**
   * Reads a stored entry again (one {@link #configJson()}); errors are reported at {@code entry}.
   * Relative paths, which a stored entry does not hold, would be resolved against {@code baseDir}.
   *
   * @throws CapabilitiesFileException if the entry is no longer valid (a command was removed, say)
   */
  public static CapabilitySpec parseEntry(String configJson, Path baseDir)
      throws CapabilitiesFileException {
    byte[] bytes = configJson.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > CapabilitiesFile.MAX_BYTES) {
      throw new CapabilitiesFileException(
          "entry", "is larger than " + CapabilitiesFile.MAX_BYTES + " bytes");
    }
    JsonNode node;
    try {
      node = Json.parse(bytes);
    } catch (JsonFormatException e) {
      throw new CapabilitiesFileException("entry", e.getMessage());
    }
    return EntryParser.parse(node, "entry", baseDir);
  }

  /**
   * The built-in skill {@code name} with its own template.
   *
   * @throws IllegalArgumentException if there is no such built-in
   */
  public static CapabilitySpec forBuiltin(String name) {
    ObjectNode entry = Json.MAPPER.createObjectNode().put("builtin", name);
    try {
      return EntryParser.parse(entry, "builtin", Path.of(""));
    } catch (CapabilitiesFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "CapabilitySpec[" + id + ", " + handler + "]";
  }
}
