package io.ap2p.node.execution.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.handler.ExecHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The {@code handler} member of a capabilities-file entry: reading and writing. */
final class HandlerConfig {

  private static final Set<String> EXEC_FIELDS =
      Set.of("type", "command", "env", "workdir", "maxOutputBytes", "outputMediaType");
  private static final Set<String> HTTP_FIELDS =
      Set.of("type", "url", "maxOutputBytes", "allowRemote");

  private HandlerConfig() {}

  /** Reads {@code node}; relative paths are resolved against {@code baseDir}. */
  static HandlerSpec parse(JsonNode node, String at, Path baseDir)
      throws CapabilitiesFileException {
    if (node == null || !node.isObject()) {
      throw new CapabilitiesFileException(at, "must be a JSON object");
    }
    String type = Fields.optionalString(node, "type", at);
    if (type == null) {
      throw new CapabilitiesFileException(at + ".type", "is missing (exec, http or mcp)");
    }
    return switch (type) {
      case "exec" -> exec(node, at, baseDir);
      case "http" -> http(node, at);
      default ->
          throw new CapabilitiesFileException(
              at + ".type", "must be exec, http or mcp, not " + type);
    };
  }

  private static HandlerSpec exec(JsonNode node, String at, Path baseDir)
      throws CapabilitiesFileException {
    Fields.checkObject(node, at, EXEC_FIELDS);
    Map<String, String> env = env(node.get("env"), at + ".env");
    List<String> command = command(node.get("command"), at + ".command", baseDir, env);
    Optional<Path> workdir = Optional.empty();
    String wd = Fields.optionalString(node, "workdir", at);
    if (wd != null) {
      Path p = path(wd, baseDir, at + ".workdir");
      if (!Files.isDirectory(p)) {
        throw new CapabilitiesFileException(at + ".workdir", p + " is not a directory");
      }
      workdir = Optional.of(p);
    }
    long max = outputLimit(node, at);
    String mediaType = Fields.optionalString(node, "outputMediaType", at);
    try {
      return new HandlerSpec.Exec(
          command,
          env,
          workdir,
          max,
          mediaType == null ? HandlerSpec.DEFAULT_EXEC_MEDIA_TYPE : mediaType);
    } catch (IllegalArgumentException e) {
      throw new CapabilitiesFileException(at, e.getMessage());
    }
  }

  static List<String> command(JsonNode node, String at, Path baseDir, Map<String, String> env)
      throws CapabilitiesFileException {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new CapabilitiesFileException(at, "must be a non-empty array of strings");
    }
    if (node.size() > HandlerSpec.MAX_COMMAND_ARGS) {
      throw new CapabilitiesFileException(
          at,
          "must hold at most " + HandlerSpec.MAX_COMMAND_ARGS + " arguments, not " + node.size());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode a = node.get(i);
      if (!a.isTextual()) {
        throw new CapabilitiesFileException(at, "must be a non-empty array of strings");
      }
      String s = a.textValue();
      if (s.indexOf('\0') >= 0 || s.length() > HandlerSpec.MAX_ARG_CHARS) {
        throw new CapabilitiesFileException(
            at + "[" + i + "]",
            "must not hold NUL or be longer than " + HandlerSpec.MAX_ARG_CHARS + " characters");
      }
      out.add(s);
    }
    String program = out.get(0);
    if (program.isBlank()) {
      throw new CapabilitiesFileException(at + "[0]", "must name a program");
    }
    if (program.indexOf('/') >= 0) {
      Path p = path(program, baseDir, at + "[0]");
      if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
        throw new CapabilitiesFileException(at + "[0]", p + " is not an executable file");
      }
      out.set(0, p.toString());
    } else {
      String searchPath = env.getOrDefault("PATH", ExecHandler.DEFAULT_PATH);
      if (ExecHandler.resolve(program, searchPath).isEmpty()) {
        throw new CapabilitiesFileException(
            at + "[0]",
            program
                + " is not an executable on PATH "
                + searchPath
                + " (the PATH the command runs with; give an absolute path or set env.PATH)");
      }
    }
    return out;
  }

  static Map<String, String> env(JsonNode node, String at) throws CapabilitiesFileException {
    Map<String, String> env = new TreeMap<>();
    if (node == null) {
      return env;
    }
    if (!node.isObject()) {
      throw new CapabilitiesFileException(at, "must be an object of strings");
    }
    if (node.size() > HandlerSpec.MAX_ENV_VARS) {
      throw new CapabilitiesFileException(
          at, "must hold at most " + HandlerSpec.MAX_ENV_VARS + " variables, not " + node.size());
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new CapabilitiesFileException(at + "." + e.getKey(), "must be a string");
      }
      env.put(e.getKey(), e.getValue().textValue());
    }
    try {
      // the record's own checks (names, sizes, NUL), for the environment alone
      new HandlerSpec.Exec(List.of("x"), env, Optional.empty(), 1);
    } catch (IllegalArgumentException e) {
      throw new CapabilitiesFileException(at, e.getMessage());
    }
    return env;
  }

  private static HandlerSpec http(JsonNode node, String at) throws CapabilitiesFileException {
    Fields.checkObject(node, at, HTTP_FIELDS);
    String url = Fields.requiredString(node, "url", at);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new CapabilitiesFileException(at + ".url", "is not a URL: " + e.getMessage());
    }
    boolean allowRemote = Fields.bool(node, "allowRemote", at, false);
    long max = outputLimit(node, at);
    try {
      return new HandlerSpec.Http(uri, max, allowRemote);
    } catch (IllegalArgumentException e) {
      throw new CapabilitiesFileException(at + ".url", e.getMessage());
    }
  }

  private static long outputLimit(JsonNode node, String at) throws CapabilitiesFileException {
    return Fields.integer(
        node,
        "maxOutputBytes",
        at,
        1,
        HandlerSpec.MAX_OUTPUT_BYTES,
        HandlerSpec.DEFAULT_MAX_OUTPUT_BYTES);
  }

  static Path path(String s, Path baseDir, String at) throws CapabilitiesFileException {
    try {
      return baseDir.resolve(s).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new CapabilitiesFileException(at, "is not a path: " + e.getMessage());
    }
  }

  /** The {@code handler} member for {@code spec}, every value explicit. */
  static ObjectNode toJson(HandlerSpec spec) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    switch (spec) {
      case HandlerSpec.Exec e -> {
        o.put("type", "exec");
        ArrayNode cmd = o.putArray("command");
        e.command().forEach(cmd::add);
        ObjectNode env = o.putObject("env");
        new TreeMap<>(e.env()).forEach(env::put);
        e.workdir().ifPresent(w -> o.put("workdir", w.toString()));
        o.put("maxOutputBytes", e.maxOutputBytes());
        o.put("outputMediaType", e.outputMediaType());
      }
      case HandlerSpec.Http h -> {
        o.put("type", "http");
        o.put("url", h.url().toString());
        o.put("maxOutputBytes", h.maxOutputBytes());
        o.put("allowRemote", h.allowRemote());
      }
      case HandlerSpec.Mcp m -> {
        return McpConfig.toJson(m);
      }
      case HandlerSpec.Builtin b ->
          throw new IllegalArgumentException("built-ins have no handler member");
    }
    return o;
  }
}
