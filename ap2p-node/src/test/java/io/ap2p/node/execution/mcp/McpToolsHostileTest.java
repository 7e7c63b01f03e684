package io.ap2p.node.execution.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.handler.Handler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers that never come up: the node starts anyway, offers nothing of theirs and says why. */
class McpToolsHostileTest {

  @TempDir Path dir;

  @Test
  void aHungServerAndACrashingOneDelayTheNodeOnlyUntilTheirStartTimeout() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // accepts, reads nothing, answers nothing
                  }
                } catch (java.io.IOException e) {
                  // closed
                }
              });
      String file =
          """
          {"mcpServers": {
             "hung": {"url": "http://127.0.0.1:%d/mcp", "startTimeoutMs": 1000},
             "crash": {"command": ["sh", "-c", "echo boom >&2; exit 3"], "startTimeoutMs": 1000}},
           "capabilities": [
            {"handler": {"type": "mcp", "server": "hung", "tool": "t"}},
            {"handler": {"type": "mcp", "server": "crash", "tool": "t"}}]}"""
              .formatted(silent.getLocalPort());
      List<CapabilitySpec> specs =
          CapabilitiesFile.parse(Bytes.wrap(file.getBytes(StandardCharsets.UTF_8)), dir);
      List<String> log = new CopyOnWriteArrayList<>();
      List<String> offered = new CopyOnWriteArrayList<>();
      long t0 = System.nanoTime();
      McpTools tools =
          McpTools.start(
              specs,
              dir,
              new McpTools.Offers() {
                @Override
                public void offer(ObjectNode template, Handler handler) {
                  offered.add(template.get("id").asText());
                }

                @Override
                public void withdraw(String capabilityId) {}
              },
              new McpTools.Timing(
                  Duration.ofMillis(200),
                  Duration.ofMillis(500),
                  Duration.ofMillis(100),
                  Duration.ofMillis(400)),
              log::add);
      try {
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(12));
        assertThat(offered).isEmpty();
        assertThat(tools.running("hung")).isFalse();
        assertThat(tools.running("crash")).isFalse();
        assertThat(log).anyMatch(l -> l.startsWith("mcp server hung did not start: "));
        assertThat(log).anyMatch(l -> l.startsWith("mcp server crash did not start: "));
        assertThat(log).anyMatch(l -> l.contains("trying again in"));
      } finally {
        long c0 = System.nanoTime();
        tools.close();
        assertThat(Duration.ofNanos(System.nanoTime() - c0)).isLessThan(Duration.ofSeconds(8));
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }
}
