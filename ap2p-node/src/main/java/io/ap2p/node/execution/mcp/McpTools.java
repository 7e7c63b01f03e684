package io.ap2p.node.execution.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.capability.HandlerSpec;
import io.ap2p.node.execution.capability.McpServerSpec;
import io.ap2p.node.execution.handler.Handler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The MCP servers a node offers tools of: one {@link ServerSupervisor} per server, which starts the
 * server, offers its configured tools while it runs, withdraws them when it dies and starts it
 * again. {@link #start} waits (at most each server's start timeout) for every server's first start
 * so the tools are published when it returns; a server that did not come up is retried in the
 * background and its tools are offered once it does.
 */
public final class McpTools implements AutoCloseable {

  /** Where a server's tools go: the node's task service and publisher. */
  public interface Offers {

    /** Serves and publishes (or re-publishes, changed) the capability of {@code template}. */
    void offer(ObjectNode template, Handler handler);

    /** Stops serving and publishing {@code capabilityId}. */
    void withdraw(String capabilityId);
  }

  /**
   * How often a running server is checked, and how restarts back off.
   *
   * @param pingInterval time between pings of a running server
   * @param pingTimeout how long a ping may take before the server counts as hung
   * @param minBackoff the wait before the first restart
   * @param maxBackoff the longest wait between restarts (it doubles up to this)
   */
  public record Timing(
      Duration pingInterval, Duration pingTimeout, Duration minBackoff, Duration maxBackoff) {

    /** Ping every 5 s, 10 s to answer; restarts after 1 s, doubling to 60 s. */
    public static final Timing DEFAULTS =
        new Timing(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Duration.ofSeconds(60));
  }

  /** The directory under the data directory holding each stdio server's home. */
  public static final String DIRECTORY = "mcp";

  private final List<ServerSupervisor> servers;

  private McpTools(List<ServerSupervisor> servers) {
    this.servers = servers;
  }

  /**
   * Starts the servers of {@code specs} (all {@link HandlerSpec.Mcp} entries) and offers their
   * tools; entries naming the same server share it.
   *
   * @param dataDir the node's data directory: stdio servers run in {@code <dataDir>/mcp/<name>}
   * @param log where starts, deaths and refused tools are reported
   */
  public static McpTools start(
      List<CapabilitySpec> specs, Path dataDir, Offers offers, Timing timing, Consumer<String> log)
      throws IOException {
    Map<McpServerSpec, List<CapabilitySpec>> byServer = new LinkedHashMap<>();
    for (CapabilitySpec s : specs) {
      if (!(s.handler() instanceof HandlerSpec.Mcp m)) {
        throw new IllegalArgumentException(s.id() + " is not an MCP tool");
      }
      byServer.computeIfAbsent(m.server(), k -> new ArrayList<>()).add(s);
    }
    List<ServerSupervisor> out = new ArrayList<>();
    Map<String, Integer> names = new LinkedHashMap<>();
    for (Map.Entry<McpServerSpec, List<CapabilitySpec>> e : byServer.entrySet()) {
      String name = e.getKey().name();
      int n = names.merge(name, 1, Integer::sum);
      Path home = home(dataDir.resolve(DIRECTORY).resolve(n == 1 ? name : name + "-" + n));
      out.add(new ServerSupervisor(e.getKey(), e.getValue(), home, offers, timing, log));
    }
    McpTools tools = new McpTools(List.copyOf(out));
    out.forEach(ServerSupervisor::start);
    for (ServerSupervisor s : out) {
      s.awaitFirstStart(Duration.ofMillis(s.spec().startTimeoutMs()).plusSeconds(5));
    }
    return tools;
  }

  private static Path home(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return dir;
  }

  /** Whether the server named {@code name} is up (for status and tests). */
  public boolean running(String name) {
    return servers.stream().anyMatch(s -> s.spec().name().equals(name) && s.running());
  }

  /** The process id of a running stdio server named {@code name} (for tests). */
  public Optional<Long> pid(String name) {
    return servers.stream()
        .filter(s -> s.spec().name().equals(name))
        .map(ServerSupervisor::pid)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** Withdraws every tool and stops every server. */
  @Override
  public void close() {
    servers.forEach(ServerSupervisor::close);
  }
}
