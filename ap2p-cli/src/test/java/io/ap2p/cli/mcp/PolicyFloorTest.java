package io.ap2p.cli.mcp;

import static io.ap2p.core.trust.TierPolicy.CANARY;
import static io.ap2p.core.trust.TierPolicy.EVIDENCE;
import static io.ap2p.core.trust.TierPolicy.NAIVE;
import static io.ap2p.core.trust.TierPolicy.REPUTATION;
import static io.ap2p.core.trust.TierPolicy.RISK_AWARE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.cli.mcp.Args.ToolError;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.node.api.TaskRequest;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's policy is a floor: a client may ask for a stricter one, never a weaker one. */
class PolicyFloorTest {

  @Test
  void theOrderIsNaiveThenReputationThenThreeIncomparablePolicies() {
    for (TierPolicy p : TierPolicy.values()) {
      assertThat(PolicyFloor.atLeastAsStrict(p, p)).isTrue();
      assertThat(PolicyFloor.atLeastAsStrict(p, NAIVE)).isTrue();
    }
    for (TierPolicy p : List.of(CANARY, EVIDENCE, RISK_AWARE)) {
      assertThat(PolicyFloor.atLeastAsStrict(p, REPUTATION)).isTrue();
      assertThat(PolicyFloor.atLeastAsStrict(REPUTATION, p)).isFalse();
      assertThat(PolicyFloor.atLeastAsStrict(NAIVE, p)).isFalse();
      for (TierPolicy q : List.of(CANARY, EVIDENCE, RISK_AWARE)) {
        assertThat(PolicyFloor.atLeastAsStrict(p, q)).as(p + " >= " + q).isEqualTo(p == q);
      }
    }
    assertThat(PolicyFloor.atLeastAsStrict(NAIVE, REPUTATION)).isFalse();
  }

  @Test
  void aWeakerPolicyIsRefusedNamingTheFloor() {
    PolicyFloor f = new PolicyFloor(Optional.of(RISK_AWARE));
    for (TierPolicy weaker : List.of(NAIVE, REPUTATION, CANARY, EVIDENCE)) {
      assertThatThrownBy(() -> f.resolve("t", Optional.of(weaker)))
          .isInstanceOf(ToolError.class)
          .hasMessageContaining("t.policy")
          .hasMessageContaining("'" + weaker.label() + "'")
          .hasMessageContaining("floor 'risk-aware'");
    }
    assertThat(f.resolve("t", Optional.of(RISK_AWARE))).contains(RISK_AWARE);
    assertThat(f.resolve("t", Optional.empty())).contains(RISK_AWARE);
  }

  @Test
  void anEqualOrStricterPolicyIsAccepted() {
    PolicyFloor f = new PolicyFloor(Optional.of(REPUTATION));
    for (TierPolicy p : List.of(REPUTATION, CANARY, EVIDENCE, RISK_AWARE)) {
      assertThat(f.resolve("t", Optional.of(p))).contains(p);
    }
    assertThatThrownBy(() -> f.resolve("t", Optional.of(NAIVE)))
        .hasMessageContaining("floor 'reputation'")
        .hasMessageContaining("reputation, canary, evidence, risk-aware");
    assertThat(new PolicyFloor(Optional.of(NAIVE)).resolve("t", Optional.of(NAIVE)))
        .contains(NAIVE);
  }

  @Test
  void withoutAKnownFloorAClientMayNameNoPolicy() {
    PolicyFloor f = new PolicyFloor(Optional.empty());
    assertThat(f.resolve("t", Optional.empty())).isEmpty();
    assertThatThrownBy(() -> f.resolve("t", Optional.of(RISK_AWARE)))
        .isInstanceOf(ToolError.class)
        .hasMessageContaining("--policy");
  }

  static CallToolResult call(NetworkTools tools, String name, Map<String, Object> args) {
    SyncToolSpecification spec =
        tools.all().stream().filter(s -> s.tool().name().equals(name)).findFirst().orElseThrow();
    return spec.callHandler().apply(null, CallToolRequest.builder(name).arguments(args).build());
  }

  static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @Test
  void invokeCapabilityRefusesAWeakerPolicyAndRunsAStricterOne() {
    FakeSession session = new FakeSession("SUCCEEDED");
    NetworkTools tools = new NetworkTools(session, new Calls(), Optional.of(REPUTATION));
    CallToolResult r =
        call(tools, "invoke_capability", Map.of("tag", "x.y", "input", "hi", "policy", "naive"));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains("invoke_capability.policy").contains("floor 'reputation'");
    assertThat(session.started).isEmpty();

    r = call(tools, "invoke_capability", Map.of("tag", "x.y", "input", "hi", "policy", "canary"));
    assertThat(r.isError()).as(text(r)).isFalse();
    r = call(tools, "invoke_capability", Map.of("tag", "x.y", "input", "hi"));
    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(session.started)
        .extracting(t -> ((TaskRequest.Invoke) t).policy())
        .containsExactly(Optional.of(CANARY), Optional.of(REPUTATION));
  }

  static Map<String, Object> workflow(String policy) {
    Map<String, Object> step = Map.of("name", "a", "tag", "x.y", "input", Map.of("text", "hi"));
    return policy == null
        ? Map.of("steps", List.of(step))
        : Map.of("policy", policy, "steps", List.of(step));
  }

  @Test
  void runWorkflowRefusesAWeakerPolicyInTheArgumentOrInTheWorkflow() {
    FakeSession session = new FakeSession("SUCCEEDED");
    NetworkTools tools = new NetworkTools(session, new Calls(), Optional.of(RISK_AWARE));
    CallToolResult r =
        call(tools, "run_workflow", Map.of("workflow", workflow(null), "policy", "naive"));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains("run_workflow.policy").contains("floor 'risk-aware'");
    r = call(tools, "run_workflow", Map.of("workflow", workflow("naive")));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains("floor 'risk-aware'");
    assertThat(session.started).isEmpty();

    r = call(tools, "run_workflow", Map.of("workflow", workflow("naive"), "policy", "risk-aware"));
    assertThat(r.isError()).as(text(r)).isFalse();
    r = call(tools, "run_workflow", Map.of("workflow", workflow(null)));
    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(session.started)
        .extracting(t -> ((TaskRequest.Workflow) t).spec().policy())
        .containsExactly(Optional.of(RISK_AWARE), Optional.of(RISK_AWARE));
  }

  @Test
  void throughARunningNodeWithoutPolicyTheNodesDefaultAppliesAndNoneIsTaken() {
    FakeSession session = new FakeSession("SUCCEEDED");
    NetworkTools tools = new NetworkTools(session, new Calls(), Optional.empty());
    CallToolResult r =
        call(tools, "invoke_capability", Map.of("tag", "x.y", "input", "hi", "policy", "naive"));
    assertThat(r.isError()).isTrue();
    r = call(tools, "run_workflow", Map.of("workflow", workflow("naive")));
    assertThat(r.isError()).isTrue();
    r = call(tools, "invoke_capability", Map.of("tag", "x.y", "input", "hi"));
    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(((TaskRequest.Invoke) session.started.get(0)).policy()).isEmpty();
  }
}
