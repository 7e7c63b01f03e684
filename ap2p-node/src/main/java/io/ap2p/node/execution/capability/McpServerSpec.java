package io.ap2p.node.execution.capability;

import io.ap2p.node.execution.handler.HttpHandler;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A local MCP server whose tools a node offers: a command spoken to over stdio, or a Streamable
 * HTTP URL. Entries of a capabilities file that name the same server share one connection.
 *
 * @param name the server's name in the file ({@code mcpServers} key), used in default ids and tags
 * @param command for stdio: the program and its arguments (the program resolved when read); empty
 *     for HTTP
 * @param env for stdio: variables added to the server's scrubbed environment
 * @param cwd for stdio: the working directory, or empty for the server's own directory under the
 *     data directory
 * @param url for HTTP: the server's endpoint
 * @param allowRemote for HTTP: whether a host other than loopback is allowed
 * @param maxConcurrent tool calls in flight at once on this server
 * @param startTimeoutMs how long starting and initialising the server may take
 * @param maxMessageBytes the largest MCP message accepted from the server
 */
public record McpServerSpec(
    String name,
    List<String> command,
    Map<String, String> env,
    Optional<Path> cwd,
    Optional<URI> url,
    boolean allowRemote,
    int maxConcurrent,
    long startTimeoutMs,
    int maxMessageBytes) {

  /** Server names: 1 to 32 of {@code [A-Za-z0-9_-]}, starting with a letter or digit. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

  /** Most servers in one capabilities file. */
  public static final int MAX_SERVERS = 16;

  /** Default of {@link #maxConcurrent()}. */
  public static final int DEFAULT_MAX_CONCURRENT = 4;

  /** Largest {@link #maxConcurrent()}. */
  public static final int MAX_CONCURRENT = 64;

  /** Default of {@link #startTimeoutMs()}: 30 s (an {@code npx} start may download a package). */
  public static final long DEFAULT_START_TIMEOUT_MS = 30_000;

  /** Largest {@link #startTimeoutMs()}: 10 minutes. */
  public static final long MAX_START_TIMEOUT_MS = 600_000;

  /** Default of {@link #maxMessageBytes()}: 32 MiB (a 16 MiB result in base64, and then some). */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 32 << 20;

  /** Largest {@link #maxMessageBytes()}: 1 GiB. */
  public static final int MAX_MESSAGE_BYTES = 1 << 30;

  /** Smallest {@link #maxMessageBytes()}: 64 KiB. */
  public static final int MIN_MESSAGE_BYTES = 64 << 10;

  /** Checks that it is exactly one of stdio and HTTP, and the bounds. */
  public McpServerSpec {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "not a server name (1 to 32 of A-Z a-z 0-9 _ -, starting with a letter or digit): "
              + name);
    }
    command = List.copyOf(command);
    env = Map.copyOf(env);
    Objects.requireNonNull(cwd, "cwd");
    Objects.requireNonNull(url, "url");
    if (command.isEmpty() == url.isEmpty()) {
      throw new IllegalArgumentException("an MCP server has exactly one of command and url");
    }
    if (!command.isEmpty()) {
      // the exec handler's checks of a command line and its environment
      new HandlerSpec.Exec(command, env, cwd, 1);
    } else {
      if (!env.isEmpty() || cwd.isPresent()) {
        throw new IllegalArgumentException("env and cwd are for a command, not a url");
      }
      HttpHandler.checkUrl(url.get(), allowRemote);
    }
    if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
      throw new IllegalArgumentException(
          "maxConcurrent must be from 1 to " + MAX_CONCURRENT + ", not " + maxConcurrent);
    }
    if (startTimeoutMs < 1 || startTimeoutMs > MAX_START_TIMEOUT_MS) {
      throw new IllegalArgumentException(
          "startTimeoutMs must be from 1 to " + MAX_START_TIMEOUT_MS + ", not " + startTimeoutMs);
    }
    if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "maxMessageBytes must be from "
              + MIN_MESSAGE_BYTES
              + " to "
              + MAX_MESSAGE_BYTES
              + ", not "
              + maxMessageBytes);
    }
  }

  /** Whether the server is a command spoken to over stdio (else a Streamable HTTP URL). */
  public boolean isStdio() {
    return !command.isEmpty();
  }

  @Override
  public String toString() {
    return "McpServerSpec[" + name + ", " + (isStdio() ? command : url.get()) + "]";
  }
}
