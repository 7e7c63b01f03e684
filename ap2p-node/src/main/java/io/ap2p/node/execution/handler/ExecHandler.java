package io.ap2p.node.execution.handler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a local command for each invocation: the argument list as given (no shell), the input on
 * stdin, the output from stdout.
 *
 * <ul>
 *   <li>The environment starts empty: {@code PATH=}{@value #DEFAULT_PATH}, {@code HOME=} a scratch
 *       directory of the task, {@code LANG=C.UTF-8}, then the configured variables (which may
 *       override those three). Nothing of the node's own environment leaks in.
 *   <li>The working directory is the configured one, or else the task's scratch directory, which is
 *       deleted afterwards.
 *   <li>The deadline is the invocation's. On the deadline, on cancel and when stdout grows past the
 *       output limit, the process and all its descendants are killed.
 *   <li>On a non-zero exit status, the first {@value ExecRun#STDERR_CAPTURE} bytes of stderr go
 *       into the {@code FAILED} message.
 *   <li>A stderr line {@code progress <fraction> [message]} ({@code fraction} from 0 to 1, e.g.
 *       {@code progress 0.5 resizing}) is reported as progress instead of captured.
 * </ul>
 *
 * <p>This keeps a command from reading the node's secrets through its environment and from
 * outliving its task; it is not a sandbox: the command runs with the node's user rights.
 */
public final class ExecHandler implements Handler {

  /** The {@code PATH} a command runs with unless configured otherwise. */
  public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private final List<String> command;
  private final Map<String, String> env;
  private final Optional<Path> workdir;
  private final long maxOutputBytes;
  private final String outputMediaType;
  private final Path scratchRoot;
  private final String version;

  /**
   * A handler for {@code command}.
   *
   * @param command the program and its arguments; a program without {@code /} is looked up on the
   *     command's {@code PATH}
   * @param env variables added to the scrubbed environment
   * @param workdir the working directory, or empty for a per-task scratch directory
   * @param maxOutputBytes the largest stdout accepted (the requester's limit may be lower)
   * @param outputMediaType the media type of stdout
   * @param scratchRoot where per-task scratch directories are made (created if absent)
   */
  public ExecHandler(
      List<String> command,
      Map<String, String> env,
      Optional<Path> workdir,
      long maxOutputBytes,
      String outputMediaType,
      Path scratchRoot) {
    this.command = List.copyOf(command);
    if (this.command.isEmpty() || this.command.get(0).isBlank()) {
      throw new IllegalArgumentException("the command must name a program");
    }
    this.env = Map.copyOf(env);
    this.workdir = Objects.requireNonNull(workdir, "workdir");
    if (maxOutputBytes < 1) {
      throw new IllegalArgumentException("maxOutputBytes must be positive: " + maxOutputBytes);
    }
    this.maxOutputBytes = maxOutputBytes;
    this.outputMediaType = Objects.requireNonNull(outputMediaType, "outputMediaType");
    this.scratchRoot = Objects.requireNonNull(scratchRoot, "scratchRoot");
    this.version = "exec/1 sha256:" + commandDigest(this.command);
  }

  /** The lower-case hex SHA-256 of the command line's canonical JSON array. */
  public static String commandDigest(List<String> command) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    command.forEach(a::add);
    return Digests.sha256(Jcs.canonicalize(a)).toHex();
  }

  /**
   * Where {@code program} is found: itself if it holds a {@code /}, else the first executable
   * regular file of that name in the directories of {@code path}.
   */
  public static Optional<Path> resolve(String program, String path) {
    if (program.indexOf('/') >= 0) {
      Path p = Path.of(program);
      return isExecutableFile(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, program);
      if (isExecutableFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static boolean isExecutableFile(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation)
      throws HandlerException {
    invocation.checkLive(cancellation);
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", DEFAULT_PATH);
    environment.put("LANG", "C.UTF-8");
    environment.putAll(env);
    String program = command.get(0);
    Path resolved =
        resolve(program, environment.get("PATH"))
            .orElseThrow(() -> HandlerException.failed("command not found: " + program));
    List<String> argv = new ArrayList<>(command);
    argv.set(0, resolved.toString());
    Path scratch;
    try {
      scratch = Scratch.create(scratchRoot);
    } catch (IOException e) {
      throw HandlerException.failed("cannot make a scratch directory: " + e.getMessage());
    }
    try {
      environment.putIfAbsent("HOME", scratch.toString());
      ProcessBuilder pb = new ProcessBuilder(argv).directory(workdir.orElse(scratch).toFile());
      pb.environment().clear();
      pb.environment().putAll(environment);
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw HandlerException.failed("cannot start " + program + ": " + e.getMessage());
      }
      long limit = invocation.outputLimit(maxOutputBytes);
      return new ExecRun(process, invocation, progress, cancellation, limit).await(outputMediaType);
    } finally {
      Scratch.delete(scratch);
    }
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String toString() {
    return "ExecHandler[" + command + "]";
  }
}
