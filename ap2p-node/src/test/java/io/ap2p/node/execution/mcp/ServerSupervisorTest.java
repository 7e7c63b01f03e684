package io.ap2p.node.execution.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.handler.Handler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ServerSupervisor} against a tiny stdio MCP server written in sh (it starts in
 * milliseconds, so restarts can be counted): a node whose offer callback throws, and a server whose
 * tools/list always fails.
 */
class ServerSupervisorTest {

  /** Answers initialize and ping; tools/list lists tool {@code t}, or fails with mode "fail". */
  private static final String SERVER =
      """
      echo $$ >> "$1"
      while IFS= read -r line; do
        id=$(printf '%s\\n' "$line" | sed -nE 's/.*"id" *: *("[^"]*"|[0-9]+).*/\\1/p')
        case "$line" in
          *'"initialize"'*) r='{"protocolVersion":"2024-11-05","capabilities":{"tools":{}},"serverInfo":{"name":"sh","version":"1"}}' ;;
          *'"tools/list"'*)
            if [ "$2" = fail ]; then
              printf '{"jsonrpc":"2.0","id":%s,"error":{"code":-32603,"message":"no list"}}\\n' "$id"
              continue
            fi
            r='{"tools":[{"name":"t","inputSchema":{"type":"object"}}]}' ;;
          *'"ping"'*) r='{}' ;;
          *) continue ;;
        esac
        printf '{"jsonrpc":"2.0","id":%s,"result":%s}\\n' "$id" "$r"
      done
      """;

  @TempDir Path dir;

  private McpTools start(
      String mode, Path starts, Duration backoff, McpTools.Offers offers, List<String> log)
      throws Exception {
    Path script = dir.resolve("server.sh");
    Files.writeString(script, SERVER);
    String file =
        """
        {"mcpServers": {"sh": {"command": ["sh", "%s", "%s", "%s"], "startTimeoutMs": 30000}},
         "capabilities": [{"handler": {"type": "mcp", "server": "sh", "tool": "t"}}]}"""
            .formatted(script, starts, mode);
    List<CapabilitySpec> specs =
        CapabilitiesFile.parse(Bytes.wrap(file.getBytes(StandardCharsets.UTF_8)), dir);
    return McpTools.start(
        specs,
        dir,
        offers,
        new McpTools.Timing(Duration.ofMillis(200), Duration.ofSeconds(1), backoff, backoff),
        log::add);
  }

  private static List<Long> pids(Path starts) throws Exception {
    if (!Files.exists(starts)) {
      return List.of();
    }
    return Files.readAllLines(starts).stream()
        .filter(l -> !l.isBlank())
        .map(l -> Long.parseLong(l.strip()))
        .toList();
  }

  @Test
  void anOfferCallbackThatThrowsDoesNotStopTheSupervisor() throws Exception {
    Path starts = dir.resolve("starts");
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicInteger offers = new AtomicInteger();
    long t0 = System.nanoTime();
    McpTools tools =
        start(
            "ok",
            starts,
            Duration.ofMillis(250),
            new McpTools.Offers() {
              @Override
              public void offer(ObjectNode template, Handler handler) {
                offers.incrementAndGet();
                throw new IllegalArgumentException("refused by the node");
              }

              @Override
              public void withdraw(String capabilityId) {}
            },
            log);
    try {
      // the first start is counted down at once, not after the 30 s start timeout
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      McpToolsTest.await(() -> offers.get() >= 3, Duration.ofSeconds(15));
      assertThat(log).anyMatch(l -> l.contains("refused by the node"));
    } finally {
      tools.close();
    }
    List<Long> pids = pids(starts);
    assertThat(pids).hasSizeGreaterThanOrEqualTo(3);
    McpToolsTest.await(
        () ->
            pids.stream()
                .noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)),
        Duration.ofSeconds(5));
  }

  @Test
  void aServerWhoseToolListAlwaysFailsIsRestartedAtTheBackoffPace() throws Exception {
    Path starts = dir.resolve("starts");
    List<String> log = new CopyOnWriteArrayList<>();
    McpTools tools =
        start(
            "fail",
            starts,
            Duration.ofSeconds(1),
            new McpTools.Offers() {
              @Override
              public void offer(ObjectNode template, Handler handler) {}

              @Override
              public void withdraw(String capabilityId) {}
            },
            log);
    int n;
    try {
      int first = pids(starts).size();
      McpToolsTest.sleep(3000);
      n = pids(starts).size() - first;
    } finally {
      tools.close();
    }
    assertThat(log).anyMatch(l -> l.contains("tools/list failed"));
    // a start takes some 0.25 s, then a 1 s wait: about 3 starts in 3 s (with the wait cut short
    // by the killed server's exit, about 11)
    assertThat(n).isBetween(1, 5);
  }
}
