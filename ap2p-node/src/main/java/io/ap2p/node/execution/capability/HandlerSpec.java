package io.ap2p.node.execution.capability;

import io.ap2p.node.execution.handler.BuiltIns;
import io.ap2p.node.execution.handler.HttpHandler;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** How a capability's invocations are run; {@link Handlers#create} makes the handler. */
public sealed interface HandlerSpec {

  /** The output limit when the configuration names none: 16 MiB. */
  long DEFAULT_MAX_OUTPUT_BYTES = 16L << 20;

  /** The largest output limit a configuration may name: 1 GiB (outputs are held in memory). */
  long MAX_OUTPUT_BYTES = 1L << 30;

  /** Most arguments (program included) of a command. */
  int MAX_COMMAND_ARGS = 64;

  /** Most characters of one argument. */
  int MAX_ARG_CHARS = 4096;

  /** Most variables a command's environment may add. */
  int MAX_ENV_VARS = 64;

  /** Most characters of one variable's value. */
  int MAX_ENV_VALUE_CHARS = 4096;

  /** The media type of a command's stdout when the configuration names none. */
  String DEFAULT_EXEC_MEDIA_TYPE = "application/octet-stream";

  /**
   * A built-in skill.
   *
   * @param name one of {@link BuiltIns#names()}
   */
  record Builtin(String name) implements HandlerSpec {

    /** Checks the name. */
    public Builtin {
      if (!BuiltIns.names().contains(name)) {
        throw new IllegalArgumentException(
            "unknown built-in " + name + "; known: " + String.join(", ", BuiltIns.names()));
      }
    }
  }

  /**
   * A local command, run by {@link io.ap2p.node.execution.handler.ExecHandler}.
   *
   * @param command the program and its arguments (1 to {@value #MAX_COMMAND_ARGS}, no NUL)
   * @param env variables added to the scrubbed environment (at most {@value #MAX_ENV_VARS})
   * @param workdir the working directory, or empty for a per-task scratch directory
   * @param maxOutputBytes the largest stdout accepted
   * @param outputMediaType the media type of stdout
   */
  record Exec(
      List<String> command,
      Map<String, String> env,
      Optional<Path> workdir,
      long maxOutputBytes,
      String outputMediaType)
      implements HandlerSpec {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern MEDIA_TYPE =
        Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(;.*)?");

    /** Checks the bounds. */
    public Exec {
      command = List.copyOf(command);
      if (command.isEmpty() || command.size() > MAX_COMMAND_ARGS) {
        throw new IllegalArgumentException(
            "a command has 1 to " + MAX_COMMAND_ARGS + " arguments, not " + command.size());
      }
      if (command.get(0).isBlank()) {
        throw new IllegalArgumentException("the program name is empty");
      }
      for (String a : command) {
        if (a.indexOf('\0') >= 0 || a.length() > MAX_ARG_CHARS) {
          throw new IllegalArgumentException(
              "an argument holds a NUL or is longer than " + MAX_ARG_CHARS + " characters");
        }
      }
      env = Map.copyOf(env);
      if (env.size() > MAX_ENV_VARS) {
        throw new IllegalArgumentException("at most " + MAX_ENV_VARS + " variables");
      }
      for (Map.Entry<String, String> e : env.entrySet()) {
        if (!ENV_NAME.matcher(e.getKey()).matches()) {
          throw new IllegalArgumentException("not a variable name: " + e.getKey());
        }
        if (e.getValue().indexOf('\0') >= 0 || e.getValue().length() > MAX_ENV_VALUE_CHARS) {
          throw new IllegalArgumentException(
              e.getKey() + " holds a NUL or is longer than " + MAX_ENV_VALUE_CHARS + " characters");
        }
      }
      Objects.requireNonNull(workdir, "workdir");
      checkOutputLimit(maxOutputBytes);
      if (!MEDIA_TYPE.matcher(outputMediaType).matches()) {
        throw new IllegalArgumentException("not a media type: " + outputMediaType);
      }
    }

    /** A command whose stdout is {@value HandlerSpec#DEFAULT_EXEC_MEDIA_TYPE}. */
    public Exec(
        List<String> command,
        Map<String, String> env,
        Optional<Path> workdir,
        long maxOutputBytes) {
      this(command, env, workdir, maxOutputBytes, DEFAULT_EXEC_MEDIA_TYPE);
    }
  }

  /**
   * A local HTTP service, called by {@link HttpHandler}.
   *
   * @param url where to POST
   * @param maxOutputBytes the largest response body accepted
   * @param allowRemote whether a host other than loopback is allowed
   */
  record Http(URI url, long maxOutputBytes, boolean allowRemote) implements HandlerSpec {

    /** Checks the URL (see {@link HttpHandler#checkUrl}) and the limit. */
    public Http {
      HttpHandler.checkUrl(url, allowRemote);
      checkOutputLimit(maxOutputBytes);
    }
  }

  /**
   * A tool of a local MCP server, called by {@code io.ap2p.node.execution.mcp}: one capability per
   * tool offered.
   *
   * @param server the server the tool is on
   * @param tool the tool's name, as the server lists it
   * @param sideEffect what calling it does to the world: {@code none}, {@code reversible} or {@code
   *     irreversible} (the default, when the configuration says nothing)
   * @param maxOutputBytes the largest result accepted
   */
  record Mcp(McpServerSpec server, String tool, String sideEffect, long maxOutputBytes)
      implements HandlerSpec {

    /** Tool names as MCP allows them: 1 to 128 of {@code [A-Za-z0-9_.-]}. */
    public static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    /** The side-effect classes a descriptor knows. */
    public static final List<String> SIDE_EFFECTS = List.of("none", "reversible", "irreversible");

    /** Checks the tool name, the side effect and the limit. */
    public Mcp {
      Objects.requireNonNull(server, "server");
      if (!TOOL_NAME.matcher(tool).matches()) {
        throw new IllegalArgumentException(
            "not an MCP tool name (1 to 128 of A-Z a-z 0-9 _ . -): " + tool);
      }
      if (!SIDE_EFFECTS.contains(sideEffect)) {
        throw new IllegalArgumentException(
            "sideEffect must be one of " + String.join(", ", SIDE_EFFECTS) + ", not " + sideEffect);
      }
      checkOutputLimit(maxOutputBytes);
    }
  }

  private static void checkOutputLimit(long maxOutputBytes) {
    if (maxOutputBytes < 1 || maxOutputBytes > MAX_OUTPUT_BYTES) {
      throw new IllegalArgumentException(
          "maxOutputBytes must be from 1 to " + MAX_OUTPUT_BYTES + ", not " + maxOutputBytes);
    }
  }
}
