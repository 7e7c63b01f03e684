package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.store.Database;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults, as separate OS processes of the real CLI: a registry, 14 providers of image.generate and
 * content.publish and 5 requester nodes (20 processes) run the paper's two-step workflow over and
 * over while providers are SIGKILLed and restarted on their databases, a requester is SIGKILLed and
 * restarted, the link from half the providers to the registry is cut every few seconds, and the
 * requesters reach the registry over a slowed link. Workflows complete through fallback; no
 * database is damaged (SQLite's integrity check after a final SIGKILL of every node); no receipt a
 * requester holds is missing from its provider's database. It prints the figures. The chaos lasts
 * {@code -Dap2p.chaos.seconds} (default 40; CI runs the default).
 */
@Tag("slow")
class ChaosTest {

  static final int PROVIDERS = 14;
  static final int REQUESTERS = 5;
  static final long CHAOS_SECONDS = Long.getLong("ap2p.chaos.seconds", 40);

  @TempDir Path tmp;

  /** One workflow as a driver saw it. */
  record Run(String requester, String state, long millis, boolean requesterKilled) {}

  @Test
  void workflowsCompleteThroughFallbackWhileNodesDieAndLinksFail() throws Exception {
    List<Run> runs = new CopyOnWriteArrayList<>();
    List<Long> recoveries = new CopyOnWriteArrayList<>();
    Set<String> downRequesters = ConcurrentHashMap.newKeySet();
    Set<String> recovering = ConcurrentHashMap.newKeySet();
    AtomicInteger providerKills = new AtomicInteger();
    AtomicInteger requesterKills = new AtomicInteger();
    List<Thread> watchers = new ArrayList<>();
    long setupStarted = System.nanoTime();
    try (NodeProcesses net = new NodeProcesses(tmp)) {
      NodeProcesses.Node registry = net.start("registry", "--registry");
      String reg = net.awaitListening(registry, 90);
      int regPort = Integer.parseInt(reg.replaceAll(".*/tcp/(\\d+)/.*", "$1"));
      try (FaultyLink flaky = new FaultyLink(regPort, 5);
          FaultyLink slow = new FaultyLink(regPort, 40)) {
        // started in waves of four: twenty JVMs starting at once on two cores thrash
        List<NodeProcesses.Node> providers = new ArrayList<>();
        List<NodeProcesses.Node> wave = new ArrayList<>();
        for (int i = 0; i < PROVIDERS; i++) {
          String via = i % 2 == 0 ? flaky.via(reg) : reg; // half publish over the flaky link
          NodeProcesses.Node p =
              net.start(
                  "p" + i,
                  "--registry-peer",
                  via,
                  "--serve",
                  "image.generate",
                  "--serve",
                  "content.publish");
          providers.add(p);
          wave = startedInWaves(net, wave, p);
        }
        List<NodeProcesses.Node> requesters = new ArrayList<>();
        for (int i = 0; i < REQUESTERS; i++) {
          NodeProcesses.Node r = net.start("r" + i, "--registry-peer", slow.via(reg));
          requesters.add(r);
          wave = startedInWaves(net, wave, r);
        }
        for (NodeProcesses.Node n : net.all()) {
          net.awaitListening(n, 180);
        }
        for (NodeProcesses.Node p : providers) {
          awaitDiscoverable(net.dir(p.name), 60);
        }
        long setupMillis = (System.nanoTime() - setupStarted) / 1_000_000;

        // the workload: each requester runs one workflow after another through its local API
        long chaosEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHAOS_SECONDS);
        List<Thread> drivers = new ArrayList<>();
        for (NodeProcesses.Node r : requesters) {
          drivers.add(
              Thread.ofPlatform()
                  .name("driver " + r.name)
                  .start(() -> drive(net.dir(r.name), r.name, chaosEnd, runs, downRequesters)));
        }

        // the chaos: every 3 s a provider is SIGKILLed and restarted 1 s later on its database;
        // every 5 s the flaky link drops every connection through it; halfway, a requester dies
        Random random = new Random(17);
        long halfway = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHAOS_SECONDS / 2);
        boolean requesterKilled = false;
        long nextCut = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < chaosEnd - TimeUnit.SECONDS.toNanos(4)) {
          Thread.sleep(3_000);
          if (System.nanoTime() >= nextCut) {
            flaky.cut();
            nextCut = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          }
          if (!requesterKilled && System.nanoTime() >= halfway) {
            requesterKilled = true;
            NodeProcesses.Node r = requesters.get(REQUESTERS - 1);
            downRequesters.add(r.name);
            net.kill(r);
            requesterKills.incrementAndGet();
            Thread.sleep(1_000);
            net.restart(r);
            net.awaitListening(r, 60);
            downRequesters.remove(r.name);
            continue;
          }
          // a provider still coming back is not killed again: its recovery is being timed
          List<NodeProcesses.Node> settled =
              providers.stream().filter(p -> p.alive() && !recovering.contains(p.name)).toList();
          if (settled.isEmpty()) {
            continue;
          }
          NodeProcesses.Node victim = settled.get(random.nextInt(settled.size()));
          recovering.add(victim.name);
          net.kill(victim);
          providerKills.incrementAndGet();
          long killedAt = System.nanoTime();
          Thread.sleep(1_000);
          net.restart(victim);
          watchers.add(
              Thread.ofVirtual()
                  .start(
                      () -> {
                        try {
                          net.awaitListening(victim, 60);
                          awaitDiscoverable(net.dir(victim.name), 60);
                          recoveries.add((System.nanoTime() - killedAt) / 1_000_000);
                        } catch (Exception e) {
                          recoveries.add(-1L);
                          System.out.println("  not recovered: " + victim.name + ": " + e);
                        } finally {
                          recovering.remove(victim.name);
                        }
                      }));
        }
        for (Thread d : drivers) {
          d.join(TimeUnit.SECONDS.toMillis(120));
        }
        for (Thread w : watchers) {
          w.join(TimeUnit.SECONDS.toMillis(70));
        }

        // the end: SIGKILL everything, then judge what is on disk
        for (NodeProcesses.Node n : net.all()) {
          net.kill(n);
        }
        List<String> damaged = new ArrayList<>();
        Set<String> given = new HashSet<>();
        Set<String> received = new HashSet<>();
        for (NodeProcesses.Node n : net.all()) {
          Path db = net.dir(n.name).resolve(Database.FILE_NAME);
          try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
              Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
              rs.next();
              if (!rs.getString(1).equals("ok")) {
                damaged.add(n.name + ": " + rs.getString(1));
              }
            }
            try (ResultSet rs = s.executeQuery("SELECT direction, hex(hash) FROM receipts")) {
              while (rs.next()) { // a receipt is named by its hash on both sides
                (rs.getString(1).equals("GIVEN") ? given : received).add(rs.getString(2));
              }
            }
          }
        }
        Set<String> lost = new HashSet<>(received);
        lost.removeAll(given);

        // the figures
        List<Run> judged = runs.stream().filter(r -> !r.requesterKilled()).toList();
        long ok = judged.stream().filter(r -> r.state().equals("SUCCEEDED")).count();
        double success = judged.isEmpty() ? 0 : (double) ok / judged.size();
        List<Long> okMillis =
            new ArrayList<>(
                judged.stream()
                    .filter(r -> r.state().equals("SUCCEEDED"))
                    .map(Run::millis)
                    .toList());
        Collections.sort(okMillis);
        List<Long> rec = new ArrayList<>(recoveries);
        Collections.sort(rec);
        System.out.printf(
            Locale.ROOT,
            "chaos: %d processes (registry, %d providers, %d requesters), set up in %d ms;"
                + " %d s of chaos%n",
            1 + PROVIDERS + REQUESTERS,
            PROVIDERS,
            REQUESTERS,
            setupMillis,
            CHAOS_SECONDS);
        System.out.printf(
            Locale.ROOT,
            "  faults: %d provider SIGKILLs and restarts, %d requester SIGKILL and restart,"
                + " %d cuts of the flaky link (%d connections through it), registry reached over"
                + " a 40 ms/chunk link (%d connections)%n",
            providerKills.get(),
            requesterKills.get(),
            flaky.cuts(),
            flaky.connections(),
            slow.connections());
        System.out.printf(
            Locale.ROOT,
            "  workflows: %d judged, %d succeeded (%.1f%%), %d failed; %d ended by their"
                + " requester's SIGKILL (not judged)%n",
            judged.size(),
            ok,
            100 * success,
            judged.size() - ok,
            runs.size() - judged.size());
        System.out.printf(
            Locale.ROOT,
            "  latency of a successful workflow: p50 %d ms, p95 %d ms%n",
            pct(okMillis, 0.5),
            pct(okMillis, 0.95));
        System.out.printf(
            Locale.ROOT,
            "  time to recover (SIGKILL to discoverable again): p50 %d ms, max %d ms over %d"
                + " restarts%n",
            pct(rec, 0.5),
            rec.isEmpty() ? 0 : rec.get(rec.size() - 1),
            rec.size());
        System.out.printf(
            Locale.ROOT,
            "  databases: %d checked after a final SIGKILL, %d damaged; receipts: %d received,"
                + " %d lost (held by a requester, missing at its provider)%n",
            net.all().size(),
            damaged.size(),
            received.size(),
            lost.size());
        for (Run r : runs) {
          if (!r.state().equals("SUCCEEDED")) {
            System.out.println("  not succeeded: " + r);
          }
        }

        // the chaos happened: a slow setup must not leave a run without faults
        assertThat(providerKills.get()).as("provider SIGKILLs").isGreaterThanOrEqualTo(3);
        assertThat(requesterKills.get()).as("requester SIGKILLs").isEqualTo(1);
        assertThat(flaky.cuts()).as("link cuts").isGreaterThanOrEqualTo(1);
        assertThat(damaged).as("damaged databases").isEmpty();
        assertThat(lost).as("receipts lost").isEmpty();
        assertThat(rec).as("every restarted provider was discoverable again").doesNotContain(-1L);
        assertThat(judged.size()).as("workflows run").isGreaterThanOrEqualTo(REQUESTERS * 3);
        assertThat(success).as("success under faults").isGreaterThanOrEqualTo(0.8);
        assertThat(received).as("receipts were kept at all").isNotEmpty();
      }
    }
  }

  /** Adds {@code n} to {@code wave}; once it holds four, waits until they listen. */
  static List<NodeProcesses.Node> startedInWaves(
      NodeProcesses net, List<NodeProcesses.Node> wave, NodeProcesses.Node n) throws Exception {
    wave.add(n);
    if (wave.size() < 4) {
      return wave;
    }
    for (NodeProcesses.Node w : wave) {
      net.awaitListening(w, 180);
    }
    return new ArrayList<>();
  }

  /** Runs workflows on the requester node of {@code dir} until {@code end}, one at a time. */
  static void drive(Path dir, String name, long end, List<Run> runs, Set<String> down) {
    Random random = new Random(name.hashCode());
    while (System.nanoTime() < end) {
      if (down.contains(name)) {
        sleep(200);
        continue;
      }
      long started = System.nanoTime();
      String state;
      boolean killed = false;
      try (NodeApiClient api = NodeApiClient.open(dir)) {
        HttpResponse<byte[]> r =
            api.send("POST", "/v1/tasks", request(random), Duration.ofSeconds(10));
        if (r.statusCode() != 201) {
          state = "REFUSED " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
        } else {
          String id = Json.parse(r.body()).path("id").asText();
          state = await(api, id, down, name);
        }
      } catch (CliFailure e) {
        if (down.contains(name)) {
          killed = true;
          state = "REQUESTER KILLED";
        } else {
          sleep(200); // the node is restarting: its api.json is stale
          continue;
        }
      } catch (Exception e) {
        state = "ERROR " + e;
      }
      killed |= state.equals("REQUESTER KILLED");
      runs.add(new Run(name, state, (System.nanoTime() - started) / 1_000_000, killed));
    }
  }

  /** Polls run {@code id} until it ends (or 90 s pass); its final state. */
  static String await(NodeApiClient api, String id, Set<String> down, String name)
      throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < end) {
      HttpResponse<byte[]> r;
      try {
        r = api.send("GET", "/v1/tasks/" + id, null, Duration.ofSeconds(10));
      } catch (CliFailure e) {
        if (down.contains(name)) {
          return "REQUESTER KILLED";
        }
        throw e;
      }
      JsonNode run = Json.parse(r.body());
      String state = run.path("state").asText();
      if (state.equals("SUCCEEDED")) {
        return state;
      }
      if (state.equals("FAILED") || state.equals("CANCELLED")) {
        return state + ": " + run.path("detail").asText();
      }
      sleep(150);
    }
    return "TIMED OUT";
  }

  /** The paper's example workflow with a prompt of its own. */
  static byte[] request(Random random) throws Exception {
    JsonNode wf = Json.parse(WorkflowFile.example().getBytes(StandardCharsets.UTF_8));
    ObjectNode generate = (ObjectNode) wf.path("steps").path(0).path("input").path("json");
    generate.put("prompt", generate.path("prompt").asText() + " #" + random.nextInt(1_000_000));
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("workflow", wf);
    return Json.MAPPER.writeValueAsBytes(body);
  }

  /** Waits until the node of {@code dir} says both its capabilities are discoverable. */
  static void awaitDiscoverable(Path dir, int seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      String s = CliRunner.run("status", "--node", dir.toString()).out();
      int discoverable =
          s.split("DISCOVERABLE", -1).length - 1 - (s.split("NOT DISCOVERABLE", -1).length - 1);
      if (discoverable >= 2) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(dir + " not discoverable within " + seconds + " s");
  }

  static long pct(List<Long> sorted, double q) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, q * sorted.size()));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
