package io.ap2p.node.execution.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The MCP parts of a capabilities file: the top-level {@code mcpServers} (in the form MCP clients
 * use: {@code command} and {@code args}, or {@code url}) and {@code "type": "mcp"} handlers, which
 * name a server and one of its tools.
 */
final class McpConfig {

  private static final Set<String> SERVER_FIELDS =
      Set.of(
          "type",
          "command",
          "args",
          "env",
          "cwd",
          "url",
          "allowRemote",
          "maxConcurrent",
          "startTimeoutMs",
          "maxMessageBytes");
  private static final Set<String> STORED_SERVER_FIELDS = with(SERVER_FIELDS, "name");
  private static final Set<String> HANDLER_FIELDS =
      Set.of("type", "server", "tool", "sideEffect", "maxOutputBytes");

  private McpConfig() {}

  private static Set<String> with(Set<String> s, String extra) {
    java.util.HashSet<String> out = new java.util.HashSet<>(s);
    out.add(extra);
    return Set.copyOf(out);
  }

  /** Reads the top-level {@code mcpServers} object (absent: none). */
  static Map<String, McpServerSpec> servers(JsonNode node, Path baseDir)
      throws CapabilitiesFileException {
    Map<String, McpServerSpec> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!node.isObject()) {
      throw new CapabilitiesFileException("mcpServers", "must be an object of named servers");
    }
    if (node.size() > McpServerSpec.MAX_SERVERS) {
      throw new CapabilitiesFileException(
          "mcpServers",
          "holds "
              + node.size()
              + " servers; at most "
              + McpServerSpec.MAX_SERVERS
              + " are allowed");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String at = "mcpServers." + e.getKey();
      if (!McpServerSpec.NAME.matcher(e.getKey()).matches()) {
        throw new CapabilitiesFileException(
            at,
            "is not a server name (1 to 32 of A-Z a-z 0-9 _ -, starting with a letter or digit)");
      }
      out.put(e.getKey(), server(e.getKey(), e.getValue(), at, baseDir, SERVER_FIELDS));
    }
    return out;
  }

  /** Reads an {@code mcp} handler; {@code servers} are the file's named servers. */
  static HandlerSpec.Mcp handler(
      JsonNode node, String at, Path baseDir, Map<String, McpServerSpec> servers)
      throws CapabilitiesFileException {
    Fields.checkObject(node, at, HANDLER_FIELDS);
    JsonNode s = node.get("server");
    McpServerSpec server;
    if (s != null && s.isTextual()) {
      server = servers.get(s.textValue());
      if (server == null) {
        throw new CapabilitiesFileException(
            at + ".server",
            "names no server of mcpServers"
                + (servers.isEmpty() ? " (there is none)" : " (known: " + servers.keySet() + ")"));
      }
    } else if (s != null && s.isObject()) {
      String name = Fields.requiredString(s, "name", at + ".server");
      server = server(name, s, at + ".server", baseDir, STORED_SERVER_FIELDS);
    } else {
      throw new CapabilitiesFileException(
          at + ".server", "must name a server of mcpServers (or be a server object with a name)");
    }
    String tool = Fields.requiredString(node, "tool", at);
    if (!HandlerSpec.Mcp.TOOL_NAME.matcher(tool).matches()) {
      throw new CapabilitiesFileException(
          at + ".tool", "is not an MCP tool name (1 to 128 of A-Z a-z 0-9 _ . -): " + tool);
    }
    String sideEffect = Fields.optionalString(node, "sideEffect", at);
    if (sideEffect == null) {
      sideEffect = "irreversible";
    } else if (!HandlerSpec.Mcp.SIDE_EFFECTS.contains(sideEffect)) {
      throw new CapabilitiesFileException(
          at + ".sideEffect",
          "must be one of "
              + String.join(", ", HandlerSpec.Mcp.SIDE_EFFECTS)
              + ", not "
              + sideEffect);
    }
    long max =
        Fields.integer(
            node,
            "maxOutputBytes",
            at,
            1,
            HandlerSpec.MAX_OUTPUT_BYTES,
            HandlerSpec.DEFAULT_MAX_OUTPUT_BYTES);
    return new HandlerSpec.Mcp(server, tool, sideEffect, max);
  }

  private static McpServerSpec server(
      String name, JsonNode node, String at, Path baseDir, Set<String> fields)
      throws CapabilitiesFileException {
    Fields.checkObject(node, at, fields);
    String type = Fields.optionalString(node, "type", at);
    boolean hasCommand = node.has("command");
    boolean hasUrl = node.has("url");
    if (hasCommand == hasUrl) {
      throw new CapabilitiesFileException(
          at, "must have exactly one of command (a server over stdio) and url (Streamable HTTP)");
    }
    if (type != null
        && !(type.equals("stdio") && hasCommand)
        && !((type.equals("http") || type.equals("streamable-http")) && hasUrl)) {
      throw new CapabilitiesFileException(
          at + ".type", "must be stdio (with command) or http (with url), not " + type);
    }
    int maxConcurrent =
        (int)
            Fields.integer(
                node,
                "maxConcurrent",
                at,
                1,
                McpServerSpec.MAX_CONCURRENT,
                McpServerSpec.DEFAULT_MAX_CONCURRENT);
    long startTimeout =
        Fields.integer(
            node,
            "startTimeoutMs",
            at,
            1,
            McpServerSpec.MAX_START_TIMEOUT_MS,
            McpServerSpec.DEFAULT_START_TIMEOUT_MS);
    int maxMessage =
        (int)
            Fields.integer(
                node,
                "maxMessageBytes",
                at,
                McpServerSpec.MIN_MESSAGE_BYTES,
                McpServerSpec.MAX_MESSAGE_BYTES,
                McpServerSpec.DEFAULT_MAX_MESSAGE_BYTES);
    if (hasUrl) {
      for (String f : List.of("args", "env", "cwd")) {
        if (node.has(f)) {
          throw new CapabilitiesFileException(at + "." + f, "is for a command, not a url");
        }
      }
      String url = Fields.requiredString(node, "url", at);
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new CapabilitiesFileException(at + ".url", "is not a URL: " + e.getMessage());
      }
      boolean allowRemote = Fields.bool(node, "allowRemote", at, false);
      try {
        return new McpServerSpec(
            name,
            List.of(),
            Map.of(),
            Optional.empty(),
            Optional.of(uri),
            allowRemote,
            maxConcurrent,
            startTimeout,
            maxMessage);
      } catch (IllegalArgumentException e) {
        throw new CapabilitiesFileException(at + ".url", e.getMessage());
      }
    }
    if (node.has("allowRemote")) {
      throw new CapabilitiesFileException(at + ".allowRemote", "is for a url, not a command");
    }
    Map<String, String> env = HandlerConfig.env(node.get("env"), at + ".env");
    ArrayNode line = Json.MAPPER.createArrayNode();
    JsonNode command = node.get("command");
    if (command.isArray()) {
      // ap2p's own form: the whole command line in one array
      if (node.has("args")) {
        throw new CapabilitiesFileException(
            at + ".args", "is not allowed when command is an array (put the arguments in it)");
      }
      line.addAll((ArrayNode) command);
    } else if (command.isTextual()) {
      line.add(command);
      JsonNode args = node.get("args");
      if (args != null) {
        if (!args.isArray()) {
          throw new CapabilitiesFileException(at + ".args", "must be an array of strings");
        }
        line.addAll((ArrayNode) args);
      }
    } else {
      throw new CapabilitiesFileException(
          at + ".command", "must be a program (a string, with args) or an array of strings");
    }
    List<String> argv = HandlerConfig.command(line, at + ".command", baseDir, env);
    Optional<Path> cwd = Optional.empty();
    String wd = Fields.optionalString(node, "cwd", at);
    if (wd != null) {
      Path p = HandlerConfig.path(wd, baseDir, at + ".cwd");
      if (!Files.isDirectory(p)) {
        throw new CapabilitiesFileException(at + ".cwd", p + " is not a directory");
      }
      cwd = Optional.of(p);
    }
    try {
      return new McpServerSpec(
          name, argv, env, cwd, Optional.empty(), false, maxConcurrent, startTimeout, maxMessage);
    } catch (IllegalArgumentException e) {
      throw new CapabilitiesFileException(at, e.getMessage());
    }
  }

  /** The {@code handler} member of an {@code mcp} entry, self-contained: the server inlined. */
  static ObjectNode toJson(HandlerSpec.Mcp spec) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("type", "mcp");
    o.set("server", serverJson(spec.server()));
    o.put("tool", spec.tool());
    o.put("sideEffect", spec.sideEffect());
    o.put("maxOutputBytes", spec.maxOutputBytes());
    return o;
  }

  /** A server as a stored entry holds it, every value explicit. */
  static ObjectNode serverJson(McpServerSpec s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", s.name());
    if (s.isStdio()) {
      ArrayNode cmd = o.putArray("command");
      s.command().forEach(cmd::add);
      ObjectNode env = o.putObject("env");
      new TreeMap<>(s.env()).forEach(env::put);
      s.cwd().ifPresent(c -> o.put("cwd", c.toString()));
    } else {
      o.put("url", s.url().get().toString());
      o.put("allowRemote", s.allowRemote());
    }
    o.put("maxConcurrent", s.maxConcurrent());
    o.put("startTimeoutMs", s.startTimeoutMs());
    o.put("maxMessageBytes", s.maxMessageBytes());
    return o;
  }
}
