package io.ap2p.node.execution.capability;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capabilities file ({@code ap2p node start --capabilities FILE}, documented in {@code
 * docs/capabilities.md}): which capabilities a node serves and how.
 *
 * <pre>
 * {"capabilities": [
 *   {"builtin": "image.generate"},
 *   {"builtin": "content.publish", "descriptor": {"ttlSeconds": 30}},
 *   {"handler": {"type": "exec", "command": ["python3", "summarize.py"]}, "descriptor": {...}},
 *   {"handler": {"type": "http", "url": "http://127.0.0.1:8080/generate"},
 *    "descriptorFile": "my-descriptor.json"},
 *   {"handler": {"type": "mcp", "server": "files", "tool": "read_file", "sideEffect": "none"}}],
 *  "mcpServers": {"files": {"command": "node", "args": ["files-server.js"]}}}
 * </pre>
 *
 * Reading is strict: unknown fields, wrong types, out-of-range values, duplicate ids, programs that
 * cannot be found and templates that would not make valid descriptors are errors naming the entry
 * and field.
 */
public final class CapabilitiesFile {

  /** Largest file accepted: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;

  /** Most capabilities in one file. */
  public static final int MAX_CAPABILITIES = 64;

  private CapabilitiesFile() {}

  /**
   * Reads the file at {@code file}; relative paths in it are resolved against its directory.
   *
   * @throws CapabilitiesFileException if it cannot be read or is not valid
   */
  public static List<CapabilitySpec> read(Path file) throws CapabilitiesFileException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new CapabilitiesFileException(file.toString(), "cannot be read: " + e);
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(Bytes.wrap(bytes), dir == null ? Path.of("").toAbsolutePath() : dir);
  }

  /**
   * Parses a capabilities file; relative paths in it are resolved against {@code baseDir}.
   *
   * @throws CapabilitiesFileException naming the entry and field at fault
   */
  public static List<CapabilitySpec> parse(Bytes json, Path baseDir)
      throws CapabilitiesFileException {
    if (json.length() > MAX_BYTES) {
      throw new CapabilitiesFileException("$", "is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Json.parse(json.toByteArray());
    } catch (JsonFormatException e) {
      throw new CapabilitiesFileException("$", e.getMessage().substring(3)); // drop "$: "
    }
    Fields.checkObject(root, "$", Set.of("capabilities", "mcpServers"));
    Map<String, McpServerSpec> mcpServers = McpConfig.servers(root.get("mcpServers"), baseDir);
    JsonNode list = root.get("capabilities");
    if (list == null || !list.isArray()) {
      throw new CapabilitiesFileException("capabilities", "must be an array");
    }
    if (list.size() > MAX_CAPABILITIES) {
      throw new CapabilitiesFileException(
          "capabilities",
          "holds " + list.size() + " entries; at most " + MAX_CAPABILITIES + " are allowed");
    }
    List<CapabilitySpec> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "capabilities[" + i + "]";
      CapabilitySpec spec = EntryParser.parse(list.get(i), at, baseDir, mcpServers);
      Integer earlier = seen.putIfAbsent(spec.id(), i);
      if (earlier != null) {
        throw new CapabilitiesFileException(
            at, "capability id " + spec.id() + " is already used by capabilities[" + earlier + "]");
      }
      out.add(spec);
    }
    return List.copyOf(out);
  }
}
