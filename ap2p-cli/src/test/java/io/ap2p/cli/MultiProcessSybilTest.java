package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import io.ap2p.node.execution.workflow.WorkflowFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's walk-through by hand, as separate OS processes through the real CLI: a registry, two
 * honest providers and three {@code --persona sybil} providers of image.generate and
 * content.publish; then {@code ap2p workflow run} of the paper's example workflow under {@code
 * --policy naive} and {@code --policy risk-aware}, each judged against the true image and its true
 * publication (docs/verification.md, "By hand").
 */
@Tag("slow")
class MultiProcessSybilTest {

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

  /** Starts {@code ap2p node start --data DIR ARGS}; returns its first listen address. */
  String node(String name, String... args) throws Exception {
    return net.awaitListening(net.start(name, args), 60);
  }

  Path dir(String name) {
    return tmp.resolve(name);
  }

  /** Runs {@code ap2p ARGS} to its end, prints what it printed; its exit code. */
  int run(String name, String... args) throws Exception {
    Process p = ap2p(name, args);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(name).isTrue();
    System.out.println("$ ap2p " + String.join(" ", args) + "   # exit " + p.exitValue());
    System.out.println(out(name));
    System.out.println(err(name));
    return p.exitValue();
  }

  String out(String name) throws Exception {
    return Files.readString(tmp.resolve(name + ".out"));
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

  static PeerId peer(String multiaddr) throws Exception {
    return PeerId.parse(multiaddr.substring(multiaddr.lastIndexOf("/p2p/") + "/p2p/".length()));
  }

  /** The files a provider published (its data directory's published/). */
  List<Path> published(String name) throws Exception {
    Path d = dir(name).resolve("published");
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    }
  }

  /** The sha256 a publish answer names. */
  static String publishedDigest(Path publishJson) throws Exception {
    return Json.parse(Files.readAllBytes(publishJson)).path("sha256").asText("");
  }

  @Test
  void naiveAcceptsTheSybilsLiesAndRiskAwareCatchesThemThenGivesTheTruth() throws Exception {
    String registry = node("registry", "--registry");
    String[] serve = {
      "--registry-peer", registry, "--serve", "image.generate", "--serve", "content.publish"
    };
    List<String> honest = List.of("honest1", "honest2");
    List<String> sybils = List.of("sybil1", "sybil2", "sybil3");
    List<PeerId> honestIds = new ArrayList<>();
    List<PeerId> sybilIds = new ArrayList<>();
    for (String h : honest) {
      honestIds.add(peer(node(h, serve)));
    }
    for (String s : sybils) {
      List<String> args = new ArrayList<>(List.of("--persona", "sybil"));
      args.addAll(List.of(serve));
      sybilIds.add(peer(node(s, args.toArray(String[]::new))));
    }
    // one requester node per policy, each with its own data directory: a requester's reputation
    // view lives in its database, and the two policies' histories must not mix
    node("requester-naive", "--registry-peer", registry);
    node("requester-risk", "--registry-peer", registry);
    for (String p : Stream.concat(honest.stream(), sybils.stream()).toList()) {
      MultiProcessWorkflowTest.awaitDiscoverable(dir(p), 2);
    }

    // the truth: the honest skill's image for the example's prompt and size, and its digest
    Path wf = Files.writeString(tmp.resolve("example.json"), WorkflowFile.example());
    JsonNode in = Json.parse(WorkflowFile.example().getBytes(StandardCharsets.UTF_8));
    JsonNode generate = in.path("steps").path(0).path("input").path("json");
    Bytes truth =
        ImageGenerateHandler.render(
            generate.path("prompt").asText(),
            generate.path("width").asInt(),
            generate.path("height").asInt());
    String truthSha = Digests.sha256(truth).toHex();

    // naive: the Sybils' claims out-rank the honest providers', nothing is checked, and their
    // wrong answers are accepted; the run "succeeds" (exit 0) with wrong work, every time, since
    // naive learns nothing
    for (int i = 1; i <= 2; i++) {
      Path out = tmp.resolve("naive" + i);
      int code =
          run(
              "naive" + i,
              "workflow",
              "run",
              wf.toString(),
              "--node",
              dir("requester-naive").toString(),
              "--policy",
              "naive",
              "--out",
              out.toString());
      assertThat(code).as(err("naive" + i)).isZero();
      String printed = out("naive" + i);
      assertThat(printed)
          .contains("step generate: SUCCEEDED", "step publish: SUCCEEDED", "canaries 0");
      assertThat(sybilIds.stream().anyMatch(s -> printed.contains("provider   " + s))).isTrue();
      Bytes image = Bytes.wrap(Files.readAllBytes(out.resolve("generate.png")));
      assertThat(ExecutionCliTest.isPng(out.resolve("generate.png"))).isTrue();
      assertThat(image).as("naive's image is the true one").isNotEqualTo(truth);
      // the publish answer names neither the true image nor even the image it was given
      assertThat(publishedDigest(out.resolve("publish.json")))
          .isNotEqualTo(truthSha)
          .isNotEqualTo(Digests.sha256(image).toHex());
    }
    for (String h : honest) {
      assertThat(published(h)).as("naive never reached an honest provider").isEmpty();
    }

    // risk-aware, first run of a requester that knows no one: every provider is a newcomer, so
    // the claims rank the three Sybils first, and each gets a canary alongside the real task. Each
    // answers its canary wrongly and is dropped, real answer unused; with three Sybils ranked
    // first and a budget of 3 attempts per step the budget is spent on them: the run fails
    // (exit 1) having accepted nothing wrong. This is deterministic: the registry answers all five
    // providers (its limit is 10, so no exploration slots) and equal claims always out-rank the
    // honest built-ins'. A transient requester (`workflow run` without --node) starts fresh every
    // time, so with three Sybils it would end here every time; a requester node keeps its record.
    int first =
        run(
            "risk1",
            "workflow",
            "run",
            wf.toString(),
            "--node",
            dir("requester-risk").toString(),
            "--policy",
            "risk-aware",
            "--out",
            tmp.resolve("risk1").toString());
    assertThat(first).as(err("risk1")).isEqualTo(1);
    assertThat(out("risk1"))
        .contains("step generate: FAILED", "budget of 3 attempts spent", "canaries 3");
    // each Sybil is caught by its canary: a wrong answer or, on a loaded machine, an answer
    // later than the canary's claim timeout (1.5 s at least); neither is accepted
    String risk1 = out("risk1");
    for (PeerId s : sybilIds) {
      assertThat(
              risk1.contains("canary answered wrongly by " + s.shortForm())
                  || risk1.contains(s.shortForm() + " timed out"))
          .as("%s caught in%n%s", s, risk1)
          .isTrue();
    }
    assertThat(tmp.resolve("risk1").resolve("generate.png")).doesNotExist();

    // risk-aware, second run of the same requester: the three Sybils now score below newcomers
    // (their distrust spills over from image.generate to content.publish), so an honest provider
    // ranks first, passes its canary, and the true image is generated and published
    Path out = tmp.resolve("risk2");
    int second =
        run(
            "risk2",
            "workflow",
            "run",
            wf.toString(),
            "--node",
            dir("requester-risk").toString(),
            "--policy",
            "risk-aware",
            "--out",
            out.toString());
    assertThat(second).as(err("risk2")).isZero();
    assertThat(out("risk2")).contains("step generate: SUCCEEDED", "step publish: SUCCEEDED");
    String printed = out("risk2");
    assertThat(honestIds.stream().anyMatch(h -> printed.contains("provider   " + h))).isTrue();
    for (PeerId s : sybilIds) {
      assertThat(out("risk2")).doesNotContain("provider   " + s);
    }
    assertThat(Bytes.wrap(Files.readAllBytes(out.resolve("generate.png")))).isEqualTo(truth);
    assertThat(publishedDigest(out.resolve("publish.json"))).isEqualTo(truthSha);
    // and the side effect happened for real: an honest provider holds the true image
    boolean held = false;
    for (String h : honest) {
      for (Path p : published(h)) {
        held |= Bytes.wrap(Files.readAllBytes(p)).equals(truth);
      }
    }
    assertThat(held).as("an honest provider published the true image").isTrue();

    // what the requester learnt: the three Sybils scored below zero
    String trust = CliRunner.run("trust", "list", "--node", dir("requester-risk").toString()).out();
    System.out.println(trust);
    for (PeerId s : sybilIds) {
      assertThat(trust).containsPattern(s + "\\s+-");
    }
  }
}
