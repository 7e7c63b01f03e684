package io.ap2p.node.execution.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.handler.BuiltIns;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Reads one entry of a capabilities file into a {@link CapabilitySpec}, and writes the entry's
 * self-contained canonical form ({@link CapabilitySpec#configJson()}): relative paths made
 * absolute, a {@code descriptorFile} inlined as {@code descriptor}, defaults written out.
 */
final class EntryParser {

  private static final Set<String> FIELDS =
      Set.of("builtin", "handler", "descriptor", "descriptorFile");

  private EntryParser() {}

  static CapabilitySpec parse(JsonNode entry, String at, Path baseDir)
      throws CapabilitiesFileException {
    return parse(entry, at, baseDir, Map.of());
  }

  /** As above; {@code mcpServers} are the file's named MCP servers. */
  static CapabilitySpec parse(
      JsonNode entry, String at, Path baseDir, Map<String, McpServerSpec> mcpServers)
      throws CapabilitiesFileException {
    Fields.checkObject(entry, at, FIELDS);
    boolean builtin = entry.has("builtin");
    boolean handler = entry.has("handler");
    if (builtin == handler) {
      throw new CapabilitiesFileException(at, "must have exactly one of builtin and handler");
    }
    if (builtin) {
      return builtin(entry, at);
    }
    JsonNode h = entry.get("handler");
    if (h != null && h.isObject() && "mcp".equals(h.path("type").asText(null))) {
      return mcp(entry, at, baseDir, mcpServers);
    }
    return custom(entry, at, baseDir);
  }

  private static CapabilitySpec mcp(
      JsonNode entry, String at, Path baseDir, Map<String, McpServerSpec> servers)
      throws CapabilitiesFileException {
    HandlerSpec.Mcp spec =
        McpConfig.handler(entry.get("handler"), at + ".handler", baseDir, servers);
    if (entry.has("descriptorFile")) {
      throw new CapabilitiesFileException(
          at + ".descriptorFile",
          "is not allowed with an mcp handler (the tool describes itself; put overrides in"
              + " descriptor)");
    }
    JsonNode overrides = entry.get("descriptor");
    ObjectNode template =
        McpTemplates.build(
            spec, overrides, McpTemplates.ToolInfo.standIn(spec.tool()), at + ".descriptor");
    ObjectNode normal = Json.MAPPER.createObjectNode();
    normal.set("handler", McpConfig.toJson(spec));
    if (overrides != null) {
      normal.set("descriptor", overrides.deepCopy());
    }
    return new CapabilitySpec(
        template.get("id").asText(), template, spec, Jcs.canonicalText(normal));
  }

  private static CapabilitySpec builtin(JsonNode entry, String at)
      throws CapabilitiesFileException {
    String name = Fields.requiredString(entry, "builtin", at);
    if (!BuiltIns.names().contains(name)) {
      throw new CapabilitiesFileException(
          at + ".builtin",
          "unknown built-in " + name + " (known: " + String.join(", ", BuiltIns.names()) + ")");
    }
    if (entry.has("descriptorFile")) {
      throw new CapabilitiesFileException(
          at + ".descriptorFile",
          "is not allowed with builtin (put overrides of the built-in template in descriptor)");
    }
    ObjectNode template = Templates.builtin(name);
    ObjectNode normal = Json.MAPPER.createObjectNode();
    normal.put("builtin", name);
    JsonNode overrides = entry.get("descriptor");
    if (overrides != null) {
      template = Templates.merge(template, overrides, at + ".descriptor");
      normal.set("descriptor", overrides.deepCopy());
    }
    String id = Templates.check(template, at + ".descriptor");
    return new CapabilitySpec(
        id, template, new HandlerSpec.Builtin(name), Jcs.canonicalText(normal));
  }

  private static CapabilitySpec custom(JsonNode entry, String at, Path baseDir)
      throws CapabilitiesFileException {
    HandlerSpec spec = HandlerConfig.parse(entry.get("handler"), at + ".handler", baseDir);
    boolean inline = entry.has("descriptor");
    boolean file = entry.has("descriptorFile");
    if (inline == file) {
      throw new CapabilitiesFileException(
          at, "must have exactly one of descriptor and descriptorFile with a handler");
    }
    ObjectNode template;
    String where;
    if (inline) {
      JsonNode d = entry.get("descriptor");
      where = at + ".descriptor";
      if (!d.isObject()) {
        throw new CapabilitiesFileException(where, "must be a descriptor template (a JSON object)");
      }
      template = (ObjectNode) d.deepCopy();
    } else {
      where = at + ".descriptorFile";
      template =
          Templates.readFile(Fields.requiredString(entry, "descriptorFile", at), baseDir, where);
    }
    String id = Templates.check(template, where);
    ObjectNode normal = Json.MAPPER.createObjectNode();
    normal.set("handler", HandlerConfig.toJson(spec));
    normal.set("descriptor", template.deepCopy());
    return new CapabilitySpec(id, template, spec, Jcs.canonicalText(normal));
  }
}
