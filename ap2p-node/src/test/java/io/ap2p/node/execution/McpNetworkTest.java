package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.Node;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.mcp.McpToolsTest;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A local MCP server's tools offered through a node and invoked by another node over the real task
 * protocol on loopback: the server is a real MCP server (the SDK's server API, over stdio in its
 * own JVM), the nodes are real nodes with a registry between them.
 */
@Tag("slow")
class McpNetworkTest extends ProviderNetworkTest {

  private List<CapabilitySpec> specs(Path received) throws Exception {
    String file =
        """
        {"mcpServers": {"java": %s},
         "capabilities": [
          {"handler": {"type": "mcp", "server": "java", "tool": "echo", "sideEffect": "none"},
           "descriptor": {"id": "echo", "intent": {"tags": ["text.echo"]}}},
          {"handler": {"type": "mcp", "server": "java", "tool": "slow", "sideEffect": "reversible"},
           "descriptor": {"intent": {"tags": ["test.slow"]}}},
          {"handler": {"type": "mcp", "server": "java", "tool": "fail", "sideEffect": "none"},
           "descriptor": {"intent": {"tags": ["test.fail"]}}},
          {"handler": {"type": "mcp", "server": "java", "tool": "wait", "sideEffect": "none"},
           "descriptor": {"intent": {"tags": ["test.wait"]}}}]}"""
            .formatted(McpToolsTest.stdioServer(dir, received));
    return CapabilitiesFile.parse(Bytes.wrap(file.getBytes(StandardCharsets.UTF_8)), dir);
  }

  private static WorkflowSpec step(String tag, String json, long deadlineMs) {
    return WorkflowSpec.single(
        new Step("call", new CapabilityTag(tag), RiskClass.LOW, deadlineMs, List.of()),
        Bytes.wrap(json.getBytes(StandardCharsets.UTF_8)),
        "application/json");
  }

  private static TaskRun.Snapshot run(Node r, String tag, String json) throws Exception {
    return r.workflows().start(step(tag, json, 30_000), "invoke").done().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aLocalMcpToolIsInvokedByAnotherNodeAndSurvivesItsServerDying() throws Exception {
    Path received = dir.resolve("received.log");
    Node p =
        net.start(
            "p", false, Optional.of(net.registryAddr), specs(received), ExecutionLimits.DEFAULTS);
    LoopbackNetwork.awaitDiscoverable(p);
    assertThat(p.provider().get().status())
        .extracting(s -> s.capabilityId())
        .containsExactlyInAnyOrder("echo", "java.slow", "java.fail", "java.wait");
    Node r = net.requester("r");

    TaskRun.Snapshot echo = run(r, "text.echo", "{\"text\": \"over ap2p\"}");
    assertThat(echo.state()).as(echo.detail()).isEqualTo(TaskRun.State.SUCCEEDED);
    TaskRun.StepView v = echo.steps().get(0);
    assertThat(v.output().orElseThrow().toUtf8()).isEqualTo("echo: over ap2p");
    assertThat(v.mediaType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(v.provider()).contains(p.host().peerId());

    TaskRun.Snapshot slow = run(r, "test.slow", "{}");
    assertThat(slow.state()).as(slow.detail()).isEqualTo(TaskRun.State.SUCCEEDED);
    assertThat(slow.steps().get(0).progress()).isEqualTo(1.0);
    assertThat(slow.steps().get(0).progressMessage()).isEqualTo("step 4");

    TaskRun.Snapshot fail = run(r, "test.fail", "{}");
    assertThat(fail.state()).isEqualTo(TaskRun.State.FAILED);
    assertThat(String.join(" ", fail.steps().get(0).failures()) + fail.detail())
        .contains("it broke: the disk is full");

    // a requester's cancel reaches the MCP server
    TaskRun waiting = r.workflows().start(step("test.wait", "{}", 30_000), "invoke");
    LoopbackNetwork.await(() -> p.tasks().counters().get("running") > 0, Duration.ofSeconds(20));
    assertThat(r.workflows().cancel(waiting.id())).isTrue();
    assertThat(waiting.done().get(10, TimeUnit.SECONDS).state()).isEqualTo(TaskRun.State.CANCELLED);
    LoopbackNetwork.await(
        () -> read(received).contains("notifications/cancelled"), Duration.ofSeconds(10));

    // the server dies: its tools are withdrawn, not the node; it is started again
    long pid = p.mcpTools().get().pid("java").orElseThrow();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    LoopbackNetwork.await(
        () -> !p.tasks().capabilities().containsKey("echo"), Duration.ofSeconds(10));
    LoopbackNetwork.await(
        () ->
            p.tasks().capabilities().containsKey("echo")
                && p.mcpTools().get().pid("java").map(n -> n != pid).orElse(false),
        Duration.ofSeconds(60));
    LoopbackNetwork.awaitDiscoverable(p);
    TaskRun.Snapshot again = run(r, "text.echo", "{\"text\": \"again\"}");
    assertThat(again.state()).as(again.detail()).isEqualTo(TaskRun.State.SUCCEEDED);
    assertThat(again.steps().get(0).output().orElseThrow().toUtf8()).isEqualTo("echo: again");

    // the node's shutdown stops the server
    long second = p.mcpTools().get().pid("java").orElseThrow();
    p.close();
    LoopbackNetwork.await(
        () -> ProcessHandle.of(second).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(10));
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
