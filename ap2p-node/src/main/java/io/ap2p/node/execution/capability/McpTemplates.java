package io.ap2p.node.execution.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Descriptor templates of MCP tools. What the network sees of a tool is generated from what the
 * server lists (name, title, description, input and output schemas, the server's version) and the
 * entry's {@code sideEffect}; the entry's {@code descriptor} overrides members: {@code id}, {@code
 * ttlSeconds}, {@code qos}, {@code state} and {@code verification} are replaced whole, {@code
 * intent} and {@code constraints} member by member ({@code intent.tags}, say). {@code schema} and
 * {@code io} come from the tool and the side effect from the handler, so they cannot be overridden.
 *
 * <p>When the file is read the server is not asked yet: the template is checked with a stand-in
 * tool ({@link ToolInfo#standIn}); it is completed for the real tool when the node connects.
 */
public final class McpTemplates {

  /** Members of {@code descriptor} an {@code mcp} entry may give. */
  static final Set<String> OVERRIDABLE =
      Set.of("id", "ttlSeconds", "intent", "constraints", "qos", "state", "verification");

  /** Default {@code constraints.maxInputBytes} of a tool: 64 KiB of JSON arguments. */
  public static final long DEFAULT_MAX_INPUT_BYTES = 64 << 10;

  /** Default {@code constraints.deadlineMs} of a tool: 60 s. */
  public static final long DEFAULT_DEADLINE_MS = 60_000;

  private static final int MAX_NAME = 128;
  private static final int MAX_DESCRIPTION = 2048;
  private static final int MAX_VERSION = 128;
  private static final Pattern TAG = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  /** What the output schema says when the tool declares none. */
  static final String DEFAULT_OUTPUT_DESCRIPTION =
      "The MCP tool's result: text/plain for one text item, the item's own media type for one"
          + " image or audio item, application/json (the structured content) when the tool gives"
          + " structured content, else application/json {\"content\": [...]} as MCP gives it";

  /**
   * What a server says of one tool.
   *
   * @param name the tool's name
   * @param title its human title, if any
   * @param description its description, if any
   * @param inputSchema the JSON Schema of its arguments
   * @param outputSchema the JSON Schema of its structured result, if it declares one
   * @param serverVersion the server's name and version, as its initialisation said
   */
  public record ToolInfo(
      String name,
      Optional<String> title,
      Optional<String> description,
      JsonNode inputSchema,
      Optional<JsonNode> outputSchema,
      String serverVersion) {

    /** Copies the schemas in. */
    public ToolInfo {
      inputSchema = inputSchema.deepCopy();
      outputSchema = outputSchema.map(JsonNode::deepCopy);
    }

    /** What stands in for a tool before its server is asked. */
    public static ToolInfo standIn(String name) {
      return new ToolInfo(
          name,
          Optional.empty(),
          Optional.empty(),
          Json.MAPPER.createObjectNode().put("type", "object"),
          Optional.empty(),
          "mcp");
    }
  }

  private McpTemplates() {}

  /** The capability id an entry gets without {@code descriptor.id}: {@code <server>.<tool>}. */
  static String defaultId(HandlerSpec.Mcp spec) {
    return (spec.server().name() + "." + spec.tool()).replace('_', '-');
  }

  /** The tag an entry gets without {@code descriptor.intent.tags}: {@code mcp.<server>.<tool>}. */
  static String defaultTag(HandlerSpec.Mcp spec) {
    return ("mcp." + spec.server().name() + "." + spec.tool())
        .replace('_', '-')
        .toLowerCase(Locale.ROOT);
  }

  /**
   * The template of an entry's tool (checked: it becomes a valid descriptor when signed).
   *
   * @param spec the entry's handler
   * @param overrides the entry's {@code descriptor}, or null
   * @param tool what the server says of the tool
   * @param at where errors are reported
   * @throws CapabilitiesFileException naming the member at fault
   */
  static ObjectNode build(HandlerSpec.Mcp spec, JsonNode overrides, ToolInfo tool, String at)
      throws CapabilitiesFileException {
    if (overrides != null) {
      Fields.checkObject(overrides, at, OVERRIDABLE);
    }
    ObjectNode t = Json.MAPPER.createObjectNode();
    t.put("schema", "ap2p/descriptor/1");
    JsonNode id = overrides == null ? null : overrides.get("id");
    if (id == null) {
      String def = defaultId(spec);
      if (!ID.matcher(def).matches()) {
        throw new CapabilitiesFileException(
            at + ".id", "is needed: the default " + def + " is not a capability id");
      }
      t.put("id", def);
    }
    t.put("ttlSeconds", 60);
    ObjectNode intent = t.putObject("intent");
    intent.put("name", clip(tool.title().orElse(tool.name()), MAX_NAME));
    tool.description()
        .filter(d -> !d.isBlank())
        .ifPresent(d -> intent.put("description", clip(d, MAX_DESCRIPTION)));
    JsonNode givenIntent = overrides == null ? null : overrides.get("intent");
    if (givenIntent == null || !givenIntent.has("tags")) {
      String tag = defaultTag(spec);
      if (tag.length() > 64 || !TAG.matcher(tag).matches()) {
        throw new CapabilitiesFileException(
            at + ".intent.tags",
            "is needed: the default tag " + tag + " is not in the taxonomy's form");
      }
      intent.putArray("tags").add(tag);
    }
    ObjectNode io = t.putObject("io");
    io.set("input", tool.inputSchema());
    io.set(
        "output",
        tool.outputSchema()
            .orElseGet(
                () ->
                    Json.MAPPER.createObjectNode().put("description", DEFAULT_OUTPUT_DESCRIPTION)));
    t.putObject("constraints")
        .put("maxInputBytes", DEFAULT_MAX_INPUT_BYTES)
        .put("deadlineMs", DEFAULT_DEADLINE_MS);
    t.putObject("state").put("version", clip(tool.serverVersion(), MAX_VERSION));
    t.putObject("verification")
        .put("canaries", false)
        .put("receipts", true)
        .put("attestation", false)
        .putArray("attestors");
    if (overrides != null) {
      for (Map.Entry<String, JsonNode> e : overrides.properties()) {
        String name = e.getKey();
        JsonNode v = e.getValue();
        if ((name.equals("intent") || name.equals("constraints")) && v.isObject()) {
          ObjectNode into = (ObjectNode) t.get(name);
          v.properties().forEach(m -> into.set(m.getKey(), m.getValue().deepCopy()));
        } else {
          t.set(name, v.deepCopy());
        }
      }
      JsonNode c = overrides.get("constraints");
      if (c != null && c.has("sideEffect")) {
        throw new CapabilitiesFileException(
            at + ".constraints.sideEffect",
            "is set by the handler's sideEffect (so it is never left unset by accident)");
      }
    }
    if (!t.get("constraints").isObject()) {
      throw new CapabilitiesFileException(at + ".constraints", "must be a JSON object");
    }
    ((ObjectNode) t.get("constraints")).put("sideEffect", spec.sideEffect());
    Templates.check(t, at);
    return t;
  }

  /**
   * The template of {@code spec}'s tool as its server describes it: checked, so a tool whose schema
   * or description would make an invalid or oversized descriptor is refused with the reason.
   *
   * @throws CapabilitiesFileException naming the capability and what is wrong
   * @throws IllegalArgumentException if {@code spec} is not an MCP entry
   */
  public static ObjectNode forTool(CapabilitySpec spec, ToolInfo tool)
      throws CapabilitiesFileException {
    if (!(spec.handler() instanceof HandlerSpec.Mcp m)) {
      throw new IllegalArgumentException(spec.id() + " is not an MCP tool");
    }
    JsonNode entry;
    try {
      entry = Json.parse(spec.configJson().getBytes(StandardCharsets.UTF_8));
    } catch (JsonFormatException e) {
      throw new IllegalStateException("a checked entry no longer parses: " + e.getMessage(), e);
    }
    return build(
        m, entry.get("descriptor"), tool, "capability " + spec.id() + " (tool " + m.tool() + ")");
  }

  private static String clip(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
