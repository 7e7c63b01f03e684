package io.ap2p.node.execution.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.capability.CapabilitiesFileException;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.capability.HandlerSpec;
import io.ap2p.node.execution.capability.McpServerSpec;
import io.ap2p.node.execution.capability.McpTemplates;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Keeps one MCP server running and its tools offered.
 *
 * <pre>
 *   STARTING --up--> RUNNING --exit, failed ping--> DOWN --backoff--> STARTING
 *      |                 |  tools changed: re-offer        (withdraws its tools)
 *      +--failed--> DOWN +--close--> CLOSED (withdraws, stops the server)
 * </pre>
 *
 * On every start, and when the server says its tool list changed, each configured tool is looked up
 * in the server's list: a tool the server offers is published (again, if its description or schemas
 * changed), one it does not offer, or whose schema would make an invalid descriptor, is withdrawn
 * and reported. Runs on one virtual thread.
 */
final class ServerSupervisor implements AutoCloseable {

  private static final String WAKE_EXIT = "exit";
  private static final String WAKE_TOOLS = "tools";
  private static final String WAKE_CLOSE = "close";

  private final McpServerSpec spec;
  private final List<CapabilitySpec> tools;
  private final Path home;
  private final McpTools.Offers offers;
  private final McpTools.Timing timing;
  private final Consumer<String> log;
  private final LinkedBlockingQueue<String> wake = new LinkedBlockingQueue<>();
  private final CountDownLatch firstStart = new CountDownLatch(1);
  private final Map<String, JsonNode> offered = new HashMap<>();
  private final Map<String, String> refused = new HashMap<>();
  private volatile McpSession session;
  private volatile boolean closed;
  private volatile List<McpSchema.Tool> changedTools;
  private Thread thread;

  ServerSupervisor(
      McpServerSpec spec,
      List<CapabilitySpec> tools,
      Path home,
      McpTools.Offers offers,
      McpTools.Timing timing,
      Consumer<String> log) {
    this.spec = spec;
    this.tools = List.copyOf(tools);
    this.home = home;
    this.offers = offers;
    this.timing = timing;
    this.log = log;
  }

  McpServerSpec spec() {
    return spec;
  }

  boolean running() {
    return session != null;
  }

  Optional<Long> pid() {
    McpSession s = session;
    return s == null ? Optional.empty() : s.pid();
  }

  void start() {
    thread = Thread.ofVirtual().name("mcp-" + spec.name()).start(this::loop);
  }

  void awaitFirstStart(Duration timeout) {
    try {
      firstStart.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    Duration backoff = timing.minBackoff();
    while (!closed) {
      McpSession s;
      try {
        s = McpSession.open(spec, home, this::toolsChanged);
      } catch (IOException | RuntimeException e) {
        log.accept(
            "mcp server " + spec.name() + " did not start: " + e.getMessage() + retry(backoff));
        firstStart.countDown();
        sleep(backoff);
        backoff = longer(backoff);
        continue;
      }
      if (closed) {
        s.close();
        return;
      }
      wake.clear();
      session = s;
      // only while s is the current session: the exit of a session closed below must not wake the
      // next one's watch (a late hook that sees another session does nothing)
      s.exited()
          .ifPresent(
              f ->
                  f.thenRun(
                      () -> {
                        if (session == s) {
                          wake.offer(WAKE_EXIT);
                        }
                      }));
      try {
        offer(s, s.listTools());
        log.accept("mcp server " + spec.name() + " is up (" + s.serverVersion() + ")");
        backoff = timing.minBackoff();
        firstStart.countDown();
        watch(s);
      } catch (IOException e) {
        log.accept("mcp server " + spec.name() + ": " + e.getMessage());
      } catch (RuntimeException e) {
        // a node callback (offers) threw: the supervisor carries on as for a failed server
        log.accept("mcp server " + spec.name() + ": offering its tools failed: " + e);
      }
      firstStart.countDown();
      session = null;
      withdrawAll();
      s.close();
      if (!closed) {
        log.accept(
            "mcp server "
                + spec.name()
                + " stopped answering; its tools are withdrawn"
                + s.stderrTail()
                + retry(backoff));
        sleep(backoff);
        backoff = longer(backoff);
      }
    }
  }

  /** Returns when the server died, hung or the supervisor closed. */
  private void watch(McpSession s) throws IOException {
    while (!closed) {
      String why;
      try {
        why = wake.poll(timing.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (WAKE_CLOSE.equals(why) || WAKE_EXIT.equals(why)) {
        return;
      }
      if (WAKE_TOOLS.equals(why)) {
        List<McpSchema.Tool> list = changedTools;
        offer(s, list == null ? s.listTools() : list);
        continue;
      }
      if (!s.ping(timing.pingTimeout())) {
        return;
      }
    }
  }

  private void toolsChanged(List<McpSchema.Tool> list) {
    changedTools =
        list == null
            ? null
            : List.copyOf(list.subList(0, Math.min(list.size(), McpSession.MAX_TOOLS)));
    wake.offer(WAKE_TOOLS);
  }

  /** Offers each configured tool the server lists; withdraws and reports the others. */
  private void offer(McpSession s, List<McpSchema.Tool> listed) {
    Map<String, McpSchema.Tool> byName =
        listed.stream()
            .filter(t -> t != null && t.name() != null)
            .collect(Collectors.toMap(McpSchema.Tool::name, t -> t, (a, b) -> a));
    for (CapabilitySpec c : tools) {
      HandlerSpec.Mcp m = (HandlerSpec.Mcp) c.handler();
      McpSchema.Tool t = byName.get(m.tool());
      if (t == null) {
        refuse(
            c,
            "tool "
                + m.tool()
                + " is not offered by mcp server "
                + spec.name()
                + " (it offers: "
                + names(byName)
                + ")");
        continue;
      }
      ObjectNode template;
      try {
        template = McpTemplates.forTool(c, info(t, s.serverVersion()));
      } catch (CapabilitiesFileException | RuntimeException e) {
        refuse(c, e.getMessage());
        continue;
      }
      if (template.equals(offered.get(c.id()))) {
        continue;
      }
      offers.offer(
          template,
          new McpToolHandler(m, () -> session, template.get("io").get("input"), s.serverVersion()));
      offered.put(c.id(), template);
      refused.remove(c.id());
    }
  }

  private void refuse(CapabilitySpec c, String why) {
    if (!why.equals(refused.put(c.id(), why))) {
      log.accept("not offering " + c.id() + ": " + why); // once per reason, not per listing
    }
    if (offered.remove(c.id()) != null) {
      offers.withdraw(c.id());
    }
  }

  private static String names(Map<String, McpSchema.Tool> byName) {
    String all = byName.keySet().stream().sorted().limit(20).collect(Collectors.joining(", "));
    return byName.size() > 20 ? all + ", …" : all.isEmpty() ? "no tools" : all;
  }

  static McpTemplates.ToolInfo info(McpSchema.Tool t, String serverVersion) {
    String title =
        t.title() != null && !t.title().isBlank()
            ? t.title()
            : t.annotations() != null && t.annotations().title() != null
                ? t.annotations().title()
                : null;
    JsonNode input =
        t.inputSchema() == null
            ? Json.MAPPER.createObjectNode().put("type", "object")
            : Json.MAPPER.valueToTree(t.inputSchema());
    Optional<JsonNode> output =
        t.outputSchema() == null
            ? Optional.empty()
            : Optional.of(Json.MAPPER.valueToTree(t.outputSchema()));
    return new McpTemplates.ToolInfo(
        t.name(),
        Optional.ofNullable(title).filter(x -> !x.isBlank()),
        Optional.ofNullable(t.description()),
        input,
        output,
        serverVersion);
  }

  private void withdrawAll() {
    for (String id : List.copyOf(offered.keySet())) {
      try {
        offers.withdraw(id);
      } catch (RuntimeException e) {
        log.accept("mcp server " + spec.name() + ": withdrawing " + id + " failed: " + e);
      }
    }
    offered.clear();
  }

  private String retry(Duration backoff) {
    return closed ? "" : "; trying again in " + backoff.toMillis() + " ms";
  }

  private Duration longer(Duration d) {
    Duration twice = d.multipliedBy(2);
    return twice.compareTo(timing.maxBackoff()) > 0 ? timing.maxBackoff() : twice;
  }

  /** Waits {@code d}, or until closed: other wakes (a closed session's exit) do not cut it. */
  private void sleep(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    try {
      for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
        if (WAKE_CLOSE.equals(wake.poll(left, TimeUnit.NANOSECONDS))) {
          wake.offer(WAKE_CLOSE);
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Withdraws the tools and stops the server; waits up to 5 s for the loop to end, then stops a
   * server the loop left behind (it timed out, or ended abnormally).
   */
  @Override
  public void close() {
    closed = true;
    wake.offer(WAKE_CLOSE);
    Thread t = thread;
    if (t != null && session == null) {
      t.interrupt(); // starting: stop waiting for a server that is not up
    }
    if (t != null) {
      try {
        if (!t.join(Duration.ofSeconds(5))) {
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    McpSession s = session;
    if (s != null) {
      s.close();
    }
  }
}
