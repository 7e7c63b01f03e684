package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ap2p node start --persona}: marked for tests and demos, and its flags checked. */
class PersonaCliTest {

  @TempDir Path tmp;

  private CliRunner.Result start(String... more) {
    String[] base = {"node", "start", "--data", tmp.resolve("d").toString(), "--discovery", "dht"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return CliRunner.run(all);
  }

  @Test
  void helpMarksThePersonaAsForTestsAndDemos() {
    CliRunner.Result r = CliRunner.run("node", "start", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--persona").contains("FOR TESTS AND DEMOS ONLY");
  }

  @Test
  void aSybilNodeStartsAndSaysWhatItPlays() throws Exception {
    NodeServeCliTest.Started n =
        NodeServeCliTest.node(
            "--data",
            tmp.resolve("sybil").toString(),
            "--discovery",
            "dht",
            "--persona",
            "sybil",
            "--serve",
            "image.generate");
    n.stop();
    assertThat(n.err().toString()).contains("playing the sybil persona (for tests and demos)");
  }

  @Test
  void aWhitewasherPrintsItsNewPeerIdWhenItRejoins() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(tmp.resolve("net"))) {
      NetCliTest.Lines out = new NetCliTest.Lines();
      java.io.StringWriter err = new java.io.StringWriter();
      java.util.concurrent.CompletableFuture<Integer> exit =
          new java.util.concurrent.CompletableFuture<>();
      String[] args = {
        "node",
        "start",
        "--data",
        tmp.resolve("ww").toString(),
        "--registry-peer",
        net.registry(),
        "--persona",
        "whitewasher",
        "--whitewash-after",
        "1",
        "--serve",
        "image.generate"
      };
      Thread t =
          Thread.ofVirtual()
              .start(
                  () ->
                      exit.complete(
                          Main.run(
                              new java.io.ByteArrayInputStream(new byte[0]),
                              new java.io.PrintWriter(out, true),
                              new java.io.PrintWriter(err, true),
                              args)));
      String first = out.lines.poll(20, TimeUnit.SECONDS);
      assertThat(first).as("stderr: %s", err).isNotNull().startsWith("listening ");
      String oldId = first.substring(first.lastIndexOf("/p2p/") + 5);
      io.ap2p.node.Node requester = net.requester("requester");
      io.ap2p.node.discovery.Finder finder =
          new io.ap2p.node.discovery.Finder(
              requester.host(), io.ap2p.core.time.SystemClock.INSTANCE);
      LoopbackNetwork.await(
          () -> {
            try {
              return finder
                  .find(
                      net.registryAddr,
                      io.ap2p.core.discovery.Query.forTag(
                          new io.ap2p.core.discovery.CapabilityTag("image.generate"), 10),
                      io.ap2p.core.discovery.matching.TrustView.NONE)
                  .matches()
                  .stream()
                  .anyMatch(m -> m.descriptor().descriptor().peer().toString().equals(oldId));
            } catch (java.io.IOException e) {
              return false;
            }
          },
          java.time.Duration.ofSeconds(10));

      io.ap2p.node.execution.TaskRun.Snapshot done =
          requester
              .workflows()
              .start(
                  io.ap2p.node.execution.workflow.WorkflowSpec.single(
                      new io.ap2p.core.execution.Step(
                          "generate",
                          new io.ap2p.core.discovery.CapabilityTag("image.generate"),
                          io.ap2p.core.trust.RiskClass.LOW,
                          10_000,
                          java.util.List.of()),
                      io.ap2p.core.wire.Bytes.wrap(
                          "a red fox".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                      "text/plain"),
                  "invoke")
              .done()
              .get(30, TimeUnit.SECONDS);
      assertThat(done.steps().get(0).provider()).map(Object::toString).contains(oldId);

      String again = out.lines.poll(20, TimeUnit.SECONDS);
      assertThat(again).as("stderr: %s", err).isNotNull().startsWith("listening ");
      String newId = again.substring(again.lastIndexOf("/p2p/") + 5);
      assertThat(newId).isNotEqualTo(oldId);
      assertThat(err.toString())
          .contains("whitewasher: rejoined as " + newId + " (was " + oldId + ")");
      t.interrupt();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void colludersAreCheckedAndTakenFromAFileOrTheFlag() throws Exception {
    String a =
        io.ap2p.core.identity.PrivateKey.generate(new java.security.SecureRandom())
            .peerId()
            .toString();
    String b =
        io.ap2p.core.identity.PrivateKey.generate(new java.security.SecureRandom())
            .peerId()
            .toString();
    Path file = tmp.resolve("ring.txt");
    java.nio.file.Files.writeString(file, "# the ring\n" + a + "\n\n" + b + "  # second\n");
    Path empty = tmp.resolve("empty.txt");
    java.nio.file.Files.writeString(empty, "# nobody\n");

    CliRunner.Result notColluder =
        start("--persona", "sybil", "--colluders", a, "--serve", "image.generate");
    CliRunner.Result badId =
        start(
            "--persona", "colluder", "--colluders", a + ",not-a-peer", "--serve", "image.generate");
    CliRunner.Result nobody =
        start(
            "--persona", "colluder", "--colluders", empty.toString(), "--serve", "image.generate");
    CliRunner.Result noPersona = start("--colluders", a, "--serve", "image.generate");

    assertThat(notColluder.err()).contains("--colluders: only with --persona colluder");
    assertThat(noPersona.err()).contains("--colluders: only with --persona colluder");
    assertThat(badId.err())
        .contains("--colluders: 'not-a-peer' is neither a readable file nor a peer id");
    assertThat(nobody.err()).contains("--colluders: names no peer");
    assertThat(java.util.List.of(notColluder.code(), badId.code(), nobody.code(), noPersona.code()))
        .containsOnly(ExitCodes.USAGE);

    for (String value : java.util.List.of(file.toString(), a + "," + b)) {
      NodeServeCliTest.Started n =
          NodeServeCliTest.node(
              "--data",
              tmp.resolve("colluder").toString(),
              "--discovery",
              "dht",
              "--persona",
              "colluder",
              "--colluders",
              value,
              "--serve",
              "image.generate");
      n.stop();
      assertThat(n.err().toString()).contains("playing the colluder persona");
    }
  }

  @Test
  void anUnknownPersonaIsRefusedNamingTheFlag() {
    CliRunner.Result r = start("--persona", "liar", "--serve", "image.generate");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--persona: unknown persona 'liar'");
  }

  @Test
  void aPersonaServingNothingIsRefused() {
    CliRunner.Result r = start("--persona", "sybil");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--persona: a persona misbehaves in what it serves");
  }

  @Test
  void whitewashAfterNeedsTheWhitewasherAndABound() {
    CliRunner.Result without = start("--whitewash-after", "3", "--serve", "image.generate");
    CliRunner.Result other =
        start("--persona", "sybil", "--whitewash-after", "3", "--serve", "image.generate");
    CliRunner.Result zero =
        start("--persona", "whitewasher", "--whitewash-after", "0", "--serve", "image.generate");
    CliRunner.Result huge =
        start(
            "--persona",
            "whitewasher",
            "--whitewash-after",
            "99999999999",
            "--serve",
            "image.generate");

    assertThat(without.err()).contains("--whitewash-after: only with --persona whitewasher");
    assertThat(other.err()).contains("--whitewash-after: only with --persona whitewasher");
    assertThat(zero.err()).contains("--whitewash-after: 1 to 1000000 tasks, got 0");
    assertThat(huge.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(huge.err()).contains("--whitewash-after");
    assertThat(java.util.List.of(without.code(), other.code(), zero.code()))
        .containsOnly(ExitCodes.USAGE);
  }
}
