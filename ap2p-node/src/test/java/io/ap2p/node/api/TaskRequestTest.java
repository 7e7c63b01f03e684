package io.ap2p.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies of {@code POST /v1/tasks}: written by the CLI, read by the API. */
class TaskRequestTest {

  @TempDir Path dir;

  static TaskRequest roundTrip(TaskRequest r) throws Exception {
    byte[] body = Json.MAPPER.writeValueAsBytes(r.toJson());
    return TaskRequest.parse(ApiJson.parse(body));
  }

  @Test
  void anInvokeRoundTrips() throws Exception {
    TaskRequest.Invoke r =
        new TaskRequest.Invoke(
            Optional.of(new CapabilityTag("text.summarize")),
            "short please",
            Bytes.wrap(new byte[] {0, 1, 2, (byte) 0xff}),
            "application/octet-stream",
            1500,
            SideEffect.REVERSIBLE);
    assertThat(roundTrip(r)).isEqualTo(r);
  }

  @Test
  void aWorkflowRoundTripsWithItsFileInputsInline() throws Exception {
    Files.write(dir.resolve("pixel.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 7});
    WorkflowSpec spec =
        WorkflowFile.parse(
            """
            {"name": "two", "steps": [
              {"name": "a", "tag": "image.generate", "input": {"file": "pixel.png"},
               "deadline": "2s", "intent": "pixels"},
              {"name": "b", "tag": "content.publish", "sideEffect": "irreversible"},
              {"name": "c", "tag": "text.summarize", "input": {"text": "hello"}, "after": ["a"]}]}
            """
                .getBytes(StandardCharsets.UTF_8),
            dir);
    WorkflowSpec back = ((TaskRequest.Workflow) roundTrip(new TaskRequest.Workflow(spec))).spec();
    assertThat(back.workflow()).isEqualTo(spec.workflow());
    assertThat(back.inputs()).isEqualTo(spec.inputs());
    assertThat(back.inputs().get("a").mediaType()).isEqualTo("image/png");
  }

  @Test
  void aWorkflowWithInlineInputsKeepsItsPolicy() throws Exception {
    // the CLI's `workflow run --node DIR --policy P` sends inputs inline: P must reach the node
    WorkflowSpec spec =
        WorkflowFile.parse(WorkflowFile.example().getBytes(StandardCharsets.UTF_8), dir)
            .withPolicy(io.ap2p.core.trust.TierPolicy.NAIVE);
    WorkflowSpec back = ((TaskRequest.Workflow) roundTrip(new TaskRequest.Workflow(spec))).spec();
    assertThat(back.inputs()).isNotEmpty();
    assertThat(back.policy()).contains(io.ap2p.core.trust.TierPolicy.NAIVE);
    assertThat(back).isEqualTo(spec);
  }

  @Test
  void inputsPastTheWorkflowFileLimitAreTaken() throws Exception {
    byte[] big = new byte[3 << 20];
    big[12345] = 42;
    WorkflowSpec spec =
        WorkflowSpec.single(
            new io.ap2p.core.execution.Step(
                "s",
                new CapabilityTag("content.publish"),
                io.ap2p.core.trust.RiskClass.HIGH,
                1000,
                java.util.List.of()),
            Bytes.wrap(big),
            "application/octet-stream");
    WorkflowSpec back = ((TaskRequest.Workflow) roundTrip(new TaskRequest.Workflow(spec))).spec();
    assertThat(back.inputs().get("s").bytes()).isEqualTo(Bytes.wrap(big));
  }

  @Test
  void errorsNameTheMember() {
    assertRefused("{\"invoke\": {\"tag\": \"a.b\", \"input\": 3}}", 400, "invoke.input: must be");
    assertRefused(
        "{\"invoke\": {\"tag\": \"a.b\", \"input\": \"\", \"sideEffect\": \"x\"}}",
        400,
        "invoke.sideEffect");
    assertRefused(
        "{\"invoke\": {\"tag\": \"a.b\", \"input\": \"\", \"mediaType\": \"\"}}",
        400,
        "invoke.mediaType");
    assertRefused("{\"invoke\": 1, \"workflow\": 2}", 400, "one member");
    assertRefused("[]", 400, "JSON object");
    assertRefused(
        "{\"workflow\": {\"name\": \"x\", \"steps\": [{\"tag\": \"a.b\"}]}}",
        400,
        "workflow.steps[0].input");
    assertRefused(
        "{\"workflow\": {\"steps\": [{\"tag\": \"a.b\", \"input\": {\"base64\": \"!\"}}]}}",
        400,
        "workflow.steps[0].input.base64: not base64");
    assertRefused(
        "{\"workflow\": {\"steps\": [{\"tag\": \"a.b\", \"input\": {\"x\": 1}}]}}",
        400,
        "workflow.steps[0].input: unknown input kind");
  }

  static void assertRefused(String body, int status, String message) {
    assertThatThrownBy(
            () -> TaskRequest.parse(ApiJson.parse(body.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(status))
        .hasMessageContaining(message);
  }

  @Test
  void stepJsonIsStable() {
    ObjectNode o =
        new TaskRequest.Invoke(
                Optional.empty(),
                "draw",
                Bytes.EMPTY,
                "text/plain",
                TaskRequest.Invoke.DEFAULT_DEADLINE_MS,
                SideEffect.NONE)
            .toJson();
    assertThat(o.path("invoke").has("tag")).isFalse();
    assertThat(o.path("invoke").path("deadlineMs").asLong()).isEqualTo(30_000);
  }
}
