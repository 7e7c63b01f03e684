package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.Node;
import io.ap2p.node.api.TaskJson;
import io.ap2p.node.execution.workflow.WorkflowFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ap2p invoke} and {@code ap2p workflow} in-process against real loopback peers: a registry
 * and a provider of the three built-ins; through a transient node, and through a running node's
 * local API ({@code --node DIR}).
 */
class ExecutionCliTest {

  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  static final String TEXT =
      "The quick brown fox jumps over the lazy dog. It was a sunny day in the valley. Foxes are"
          + " clever animals that live in forests and fields. Dogs sleep a lot in the afternoon."
          + " The farmer watched them both from the porch.";

  @TempDir static Path tmp;
  static LoopbackNetwork net;
  static Node provider;
  static Node requester;

  @BeforeAll
  static void network() throws Exception {
    net = new LoopbackNetwork(tmp.resolve("net"));
    provider = net.provider("provider", "image.generate", "content.publish", "text.summarize");
    requester = net.requester("requester");
  }

  @AfterAll
  static void close() {
    net.close();
  }

  static Path text() throws Exception {
    return Files.writeString(tmp.resolve("in.txt"), TEXT);
  }

  static Path example() throws Exception {
    return Files.writeString(tmp.resolve("example.json"), WorkflowFile.example());
  }

  static boolean isPng(Path p) throws Exception {
    byte[] b = Files.readAllBytes(p);
    return b.length > PNG.length && Arrays.equals(Arrays.copyOf(b, PNG.length), PNG);
  }

  static long published() throws Exception {
    Path dir = tmp.resolve("net").resolve("provider").resolve("published");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void invokeByTagPrintsTheSummary() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "invoke",
            "--tag",
            "text.summarize",
            "--input",
            text().toString(),
            "--registry-peer",
            net.registry());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("The quick brown fox").doesNotContain("provider");
    // the output went to stdout, so the report went to stderr
    assertThat(r.err())
        .contains("SUCCEEDED", "provider   " + provider.host().peerId(), "attempts   1");
  }

  @Test
  void invokeJsonWithFullEvidence() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "invoke",
            "--tag",
            "text.summarize",
            "--input",
            text().toString(),
            "--side-effect",
            "irreversible",
            "--json",
            "--registry-peer",
            net.registry());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
    assertThat(j.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(j.path("id").asText()).hasSize(16);
    assertThat(j.path("tag").asText()).isEqualTo("text.summarize");
    assertThat(j.path("provider").asText()).isEqualTo(provider.host().peerId().toString());
    assertThat(j.path("attempts").asInt()).isEqualTo(1);
    assertThat(j.has("canaries")).isTrue();
    assertThat(j.path("output").path("text").asText()).contains("quick brown fox");
    assertThat(j.path("failures").isArray()).isTrue();
    JsonNode receipt = j.path("receipt");
    assertThat(receipt.path("inputSha256").asText())
        .isEqualTo(TaskJson.sha256(Bytes.wrap(TEXT.getBytes(StandardCharsets.UTF_8))));
    assertThat(receipt.path("outputSha256").asText()).isEqualTo(j.path("sha256").asText());
    assertThat(receipt.path("tool").asText()).isNotEmpty();
    assertThat(receipt.path("startedAtMillis").asLong()).isPositive();
  }

  @Test
  void anIntentChoosesTheTag() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "invoke",
            "summarize this text",
            "--input",
            text().toString(),
            "--out",
            tmp.resolve("summary.txt").toString(),
            "--registry-peer",
            net.registry());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("intent matched tag text.summarize");
    assertThat(r.out()).contains("provider", "summary.txt");
    assertThat(Files.readString(tmp.resolve("summary.txt"))).contains("quick brown fox");
  }

  @Test
  void binaryOutputNeedsOut() throws Exception {
    Path prompt = Files.writeString(tmp.resolve("prompt.json"), "{\"prompt\": \"a red fox\"}");
    CliRunner.Result refused =
        CliRunner.run(
            "invoke",
            "--tag",
            "image.generate",
            "--input",
            prompt.toString(),
            "--registry-peer",
            net.registry());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("image/png", "--out FILE");
    Path png = tmp.resolve("fox.png");
    CliRunner.Result saved =
        CliRunner.run(
            "invoke",
            "--tag",
            "image.generate",
            "--input",
            prompt.toString(),
            "--out",
            png.toString(),
            "--registry-peer",
            net.registry());
    assertThat(saved.code()).as(saved.err()).isZero();
    assertThat(isPng(png)).isTrue();
    assertThat(saved.out()).contains("output     " + png, "image/png");
  }

  @Test
  void theExampleWorkflowWritesAPngAndPublishesIt() throws Exception {
    long before = published();
    Path out = tmp.resolve("wf-out");
    CliRunner.Result r =
        CliRunner.run(
            "workflow",
            "run",
            example().toString(),
            "--out",
            out.toString(),
            "--registry-peer",
            net.registry());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(isPng(out.resolve("generate.png"))).isTrue();
    assertThat(out.resolve("publish.json")).exists();
    assertThat(published()).isGreaterThanOrEqualTo(Math.max(1, before));
    assertThat(r.out())
        .contains("step generate: SUCCEEDED", "step publish: SUCCEEDED", "receipt    task ")
        // a fresh requester: each step's newcomer is sent a canary, the workflow's cost is summed
        .containsPattern("verification: [1-9]\\d* canar(y|ies), [1-9]\\d* bytes, \\d+ ms");
    assertThat(r.err()).contains("generate: SUCCEEDED via", "publish: SUCCEEDED via");
  }

  @Test
  void workflowJsonShape() throws Exception {
    Path out = tmp.resolve("wf-json");
    CliRunner.Result r =
        CliRunner.withInput(
            WorkflowFile.example(),
            "workflow",
            "run",
            "-",
            "--json",
            "--out",
            out.toString(),
            "--registry-peer",
            net.registry());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
    assertThat(j.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(j.path("id").asText()).hasSize(16);
    JsonNode steps = j.path("steps");
    assertThat(steps.size()).isEqualTo(2);
    for (JsonNode s : steps) {
      assertThat(s.fieldNames())
          .toIterable()
          .contains(
              "name",
              "state",
              "provider",
              "attempts",
              "canaries",
              "output",
              "mediaType",
              "receipt",
              "detail",
              "failures");
    }
    assertThat(steps.get(0).path("mediaType").asText()).isEqualTo("image/png");
    assertThat(steps.get(0).path("output").asText())
        .isEqualTo(out.resolve("generate.png").toString());
    assertThat(steps.get(1).path("receipt").path("inputSha256").asText())
        .isEqualTo(steps.get(0).path("sha256").asText()); // publish got generate's output
  }

  @Test
  void relativeInputFilesResolveAgainstTheWorkflowFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("wf-dir"));
    Files.writeString(dir.resolve("story.txt"), TEXT);
    Path wf =
        Files.writeString(
            dir.resolve("summarize.json"),
            """
            {"name": "summarize", "steps": [
              {"name": "sum", "tag": "text.summarize", "input": {"file": "story.txt"}}]}
            """);
    Path out = tmp.resolve("wf-rel");
    CliRunner.Result r =
        CliRunner.run(
            "workflow",
            "run",
            wf.toString(),
            "--out",
            out.toString(),
            "--registry-peer",
            net.registry());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("sum.txt"))).contains("quick brown fox");
  }

  @Test
  void aTagNobodyServesFailsWithTheReason() throws Exception {
    Path wf =
        Files.writeString(
            tmp.resolve("nobody.json"),
            """
            {"steps": [{"name": "travel", "tag": "travel.book", "input": {"text": "Rome"},
                        "deadline": "5s"}]}
            """);
    CliRunner.Result r =
        CliRunner.run(
            "workflow",
            "run",
            wf.toString(),
            "--out",
            tmp.resolve("nobody-out").toString(),
            "--registry-peer",
            net.registry());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("step travel: FAILED", "reason");
    assertThat(r.err()).contains("the workflow failed", "no candidates");

    CliRunner.Result inv =
        CliRunner.run(
            "invoke",
            "--tag",
            "travel.book",
            "--input",
            text().toString(),
            "--registry-peer",
            net.registry());
    assertThat(inv.code()).isEqualTo(1);
    assertThat(inv.err()).contains("the task failed: no provider of travel.book was found");
  }

  @Test
  void throughARunningNode() throws Exception {
    String dir = tmp.resolve("net").resolve("requester").toString();
    CliRunner.Result r =
        CliRunner.run(
            "invoke", "--tag", "text.summarize", "--input", text().toString(), "--node", dir);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("quick brown fox");

    CliRunner.Result intent =
        CliRunner.run(
            "invoke", "summarize some text", "--input", text().toString(), "--node", dir, "--json");
    assertThat(intent.code()).as(intent.err()).isZero();
    assertThat(intent.out()).contains("\"tag\" : \"text.summarize\"", "\"chosen\"");

    Path out = tmp.resolve("wf-node");
    CliRunner.Result wf =
        CliRunner.run(
            "workflow", "run", example().toString(), "--out", out.toString(), "--node", dir);
    assertThat(wf.code()).as(wf.err()).isZero();
    assertThat(isPng(out.resolve("generate.png"))).isTrue();
    assertThat(requester.workflows().runs()).hasSizeGreaterThanOrEqualTo(3);

    CliRunner.Result nobody =
        CliRunner.run(
            "invoke",
            "--tag",
            "text.summarize",
            "--input",
            text().toString(),
            "--node",
            tmp.resolve("nobody").toString());
    assertThat(nobody.code()).isEqualTo(1);
    assertThat(nobody.err()).contains("no node running");
  }
}
