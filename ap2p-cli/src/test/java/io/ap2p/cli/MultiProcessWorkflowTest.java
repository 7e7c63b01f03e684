package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.node.execution.workflow.WorkflowFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate OS processes through the real CLI: a registry, providers started with {@code --serve}
 * and {@code --capabilities}, and {@code ap2p workflow run} / {@code ap2p invoke} as processes of
 * their own; fallback past a killed provider, and Ctrl-C cancelling a task.
 */
@Tag("slow")
class MultiProcessWorkflowTest {

  /** Claims worse than the built-ins', so a provider serving them ranks after one that does not. */
  static final String WORSE_QOS =
      "{\"qos\": {\"latencyP50Ms\": 5000, \"latencyP95Ms\": 20000, \"successRate\": 0.5}}";

  @TempDir Path tmp;
  NodeProcesses net;

  @BeforeEach
  void processes() {
    net = new NodeProcesses(tmp);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(net.stopCleanly()).as("every node exits 0 on SIGTERM").isTrue();
    } finally {
      net.close();
    }
  }

  Process ap2p(String name, String... args) throws Exception {
    return net.ap2p(name, List.of(args));
  }

  /** Starts {@code ap2p node start ARGS}; returns its first listen address. */
  String node(String name, String... args) throws Exception {
    return net.awaitListening(net.start(name, args), 60);
  }

  Path dir(String name) {
    return tmp.resolve(name);
  }

  /** Runs {@code ap2p ARGS} to its end; its exit code. */
  int run(String name, String... args) throws Exception {
    Process p = ap2p(name, args);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(name).isTrue();
    return p.exitValue();
  }

  String err(String name) throws Exception {
    return Files.readString(tmp.resolve(name + ".err"));
  }

  static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %d s", seconds).isLessThan(end);
      Thread.sleep(100);
    }
  }

  /** Waits until every descriptor the node in {@code name}'s data directory publishes is listed. */
  static void awaitDiscoverable(Path data, int count) throws InterruptedException {
    await(
        () -> {
          String s = CliRunner.run("status", "--node", data.toString()).out();
          return s.split("DISCOVERABLE", -1).length
                  - 1
                  - (s.split("NOT DISCOVERABLE", -1).length - 1)
              >= count;
        },
        30);
  }

  /** Whether {@code node}'s published/ holds {@code image}, named by its SHA-256. */
  static boolean publishedImage(Path node, Path image) throws Exception {
    String sha =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(image)));
    return Files.isRegularFile(node.resolve("published").resolve(sha + ".png"));
  }

  static boolean isPng(Path p) throws Exception {
    return Files.exists(p) && ExecutionCliTest.isPng(p);
  }

  @Test
  void theExampleWorkflowAcrossProcessesThenFallbackPastAKilledProvider() throws Exception {
    String registry = node("registry", "--registry");
    node(
        "p1",
        "--registry-peer",
        registry,
        "--serve",
        "image.generate",
        "--serve",
        "content.publish");
    awaitDiscoverable(dir("p1"), 2);
    Path wf = Files.writeString(tmp.resolve("example.json"), WorkflowFile.example());

    int first =
        run("run1", "workflow", "run", wf.toString(), "--registry-peer", registry, "--out", "out1");
    assertThat(first).as(err("run1")).isZero();
    assertThat(isPng(tmp.resolve("out1").resolve("generate.png"))).isTrue();
    // the image, and beside it the publish step's canary (a fresh image: a canary of a side effect
    // has that side effect, docs/verification.md)
    assertThat(publishedImage(dir("p1"), tmp.resolve("out1").resolve("generate.png"))).isTrue();
    assertThat(Files.readString(tmp.resolve("run1.out")))
        .contains("step generate: SUCCEEDED", "step publish: SUCCEEDED");

    Path caps =
        Files.writeString(
            tmp.resolve("caps.json"),
            "{\"capabilities\": [{\"builtin\": \"image.generate\", \"descriptor\": "
                + WORSE_QOS
                + "}, {\"builtin\": \"content.publish\", \"descriptor\": "
                + WORSE_QOS
                + "}]}");
    node("p2", "--registry-peer", registry, "--capabilities", caps.toString());
    awaitDiscoverable(dir("p2"), 2);
    Process p1 = net.all().get(1).process;
    p1.destroyForcibly();
    assertThat(p1.waitFor(15, TimeUnit.SECONDS)).isTrue();

    // p1's descriptors stay listed until their TTL and rank first: its attempts fail, p2 serves
    int second =
        run("run2", "workflow", "run", wf.toString(), "--registry-peer", registry, "--out", "out2");
    assertThat(second).as(err("run2")).isZero();
    assertThat(isPng(tmp.resolve("out2").resolve("generate.png"))).isTrue();
    assertThat(publishedImage(dir("p2"), tmp.resolve("out2").resolve("generate.png"))).isTrue();
    assertThat(err("run2")).contains("attempt failed");
  }

  @Test
  void tenProcessesRunThePaperWorkflowConcurrently() throws Exception {
    // a registry, three image generators, three publishers: seven node processes; then three
    // `ap2p workflow run` processes at once, ten in all
    String registry = node("registry", "--registry");
    for (int i = 0; i < 3; i++) {
      node("gen" + i, "--registry-peer", registry, "--serve", "image.generate");
      node("pub" + i, "--registry-peer", registry, "--serve", "content.publish");
    }
    for (int i = 0; i < 3; i++) {
      awaitDiscoverable(dir("gen" + i), 1);
      awaitDiscoverable(dir("pub" + i), 1);
    }
    Path wf = Files.writeString(tmp.resolve("example.json"), WorkflowFile.example());
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(
          ap2p(
              "run" + i,
              "workflow",
              "run",
              wf.toString(),
              "--registry-peer",
              registry,
              "--out",
              "out" + i,
              "--json"));
    }
    assertThat(net.all().size() + runs.size()).isEqualTo(10);
    for (int i = 0; i < 3; i++) {
      Process p = runs.get(i);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(err("run" + i)).isZero();
      assertThat(isPng(tmp.resolve("out" + i).resolve("generate.png"))).isTrue();
      assertThat(Files.readString(tmp.resolve("run" + i + ".out"))).contains("\"SUCCEEDED\"");
    }
    // one prompt, one deterministic PNG: some publisher holds it, named by its digest (beside
    // the canaries' images)
    boolean held = false;
    for (int i = 0; i < 3; i++) {
      held |= publishedImage(dir("pub" + i), tmp.resolve("out0").resolve("generate.png"));
    }
    assertThat(held).isTrue();
  }

  @Test
  void interruptCancelsTheTask() throws Exception {
    String registry = node("registry", "--registry");
    Path caps = Files.writeString(tmp.resolve("slow.json"), LoopbackNetwork.slowCapabilities(30));
    node("slow", "--registry-peer", registry, "--capabilities", caps.toString());
    awaitDiscoverable(dir("slow"), 1);
    Path in = Files.writeString(tmp.resolve("in.txt"), "echo me");

    Process inv =
        ap2p(
            "invoke",
            "invoke",
            "--tag",
            "test.slow",
            "--input",
            in.toString(),
            "--registry-peer",
            registry);
    await(
        () -> {
          try {
            return err("invoke").contains("progress 50%");
          } catch (Exception e) {
            return false;
          }
        },
        30);
    inv.destroy(); // SIGTERM, handled as Ctrl-C is
    assertThat(inv.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(inv.exitValue()).as(err("invoke")).isEqualTo(130);
    assertThat(err("invoke")).contains("interrupted: cancelling task", "the task was cancelled");
    assertThat(Files.readString(tmp.resolve("invoke.out"))).contains("CANCELLED");
  }
}
