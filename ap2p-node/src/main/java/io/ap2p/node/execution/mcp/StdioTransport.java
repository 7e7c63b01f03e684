package io.ap2p.node.execution.mcp;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The SDK's stdio transport with the server started in a scrubbed environment (only what the
 * configuration gives, plus what the SDK always passes on: {@code HOME}, {@code LOGNAME}, {@code
 * PATH}, {@code SHELL}, {@code TERM}, {@code USER}, the first and third overridden by ours) and a
 * working directory of ours.
 */
final class StdioTransport extends StdioClientTransport {

  private static final System.Logger LOG = System.getLogger(StdioTransport.class.getName());

  private final Path workdir;

  StdioTransport(ServerParameters params, McpJsonMapper mapper, int maxMessageBytes, Path workdir) {
    super(params, mapper, maxMessageBytes);
    this.workdir = workdir;
  }

  @Override
  protected ProcessBuilder getProcessBuilder() {
    ProcessBuilder pb = new ProcessBuilder();
    pb.environment().clear();
    pb.directory(workdir.toFile());
    return pb;
  }

  /**
   * The server's process once started. The SDK keeps it private; it is read here so the node can
   * notice an exit at once and kill the whole process tree on shutdown. Empty if a future SDK moves
   * it: pings still notice a dead server then.
   */
  Optional<Process> process() {
    try {
      Field f = StdioClientTransport.class.getDeclaredField("process");
      f.setAccessible(true);
      return Optional.ofNullable((Process) f.get(this));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "the SDK's server process is not readable", e);
      return Optional.empty();
    }
  }
}
