package io.ap2p.node.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.Node;
import io.ap2p.node.execution.TaskRun;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.execution.workflow.WorkflowFileException;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Runs the paper's two-step workflow (generate an image, then publish it: irreversible) again and
 * again from one requester of a {@link LoopbackWorld}, and judges each run against the truth: a run
 * counts as a success only when it ended SUCCEEDED with the image the honest skill paints for the
 * prompt, published under that image's digest. A wrong result the requester accepted is a failure.
 */
public final class WorkflowBench {

  /** Image sides: small, so the demo spends its time on the network, not on painting. */
  public static final int SIZE = 96;

  /**
   * Least time between the starts of two workflows of one requester: two registry queries each,
   * within a registry's default rate of 5 requests a second per identity.
   */
  public static final long PACE_MILLIS = 420;

  /** Longest a workflow may take before the bench gives up on it. */
  static final long RUN_TIMEOUT_SECONDS = 60;

  /**
   * What a series of workflows gave.
   *
   * @param policy the tier policy they ran under
   * @param workflows how many ran
   * @param succeeded how many gave the right result
   * @param accepted how many the requester accepted (right or wrong)
   * @param canaries canaries sent, in all
   * @param canaryBytes canary payload bytes both ways, in all
   * @param millis time the runs took, summed (pauses between them excluded)
   * @param adversariesCaught adversaries the requester now scores below a newcomer
   * @param adversaries adversaries in the world
   */
  public record Result(
      TierPolicy policy,
      int workflows,
      int succeeded,
      int accepted,
      long canaries,
      long canaryBytes,
      long millis,
      int adversariesCaught,
      int adversaries) {

    /** The share of workflows that gave the right result. */
    public double successRate() {
      return workflows == 0 ? 0 : (double) succeeded / workflows;
    }

    /** Canaries per workflow. */
    public double canariesPerWorkflow() {
      return workflows == 0 ? 0 : (double) canaries / workflows;
    }

    /** Wall milliseconds per workflow. */
    public double millisPerWorkflow() {
      return workflows == 0 ? 0 : (double) millis / workflows;
    }

    /** Canary KiB per workflow. */
    public double canaryKibPerWorkflow() {
      return workflows == 0 ? 0 : canaryBytes / 1024.0 / workflows;
    }
  }

  /**
   * One workflow of a series, as {@link #run} saw it.
   *
   * @param nanos wall time from its start to its end (the pause before it and the judging after it
   *     excluded)
   * @param right whether it gave the right result
   * @param accepted whether the requester accepted a result (right or wrong)
   * @param canaries canaries sent
   * @param canaryBytes canary payload bytes both ways
   * @param canaryMillis time from sending each canary to its answer, summed
   */
  public record Workflow(
      long nanos,
      boolean right,
      boolean accepted,
      int canaries,
      long canaryBytes,
      long canaryMillis) {}

  private static final List<String> PROMPTS =
      List.of(
          "a watercolor fox in a snowy forest",
          "a lighthouse on a cliff at dusk",
          "an owl reading a book by candlelight",
          "a sailboat on a calm sea at dawn",
          "a cozy cabin under the northern lights",
          "a robot watering a garden",
          "a cat asleep on a stack of books",
          "a busy market street in the rain");

  private WorkflowBench() {}

  /**
   * Runs {@code workflows} workflows one after another from {@code requester} under {@code policy},
   * at most one every {@link #PACE_MILLIS}, prompts drawn with {@code random}; {@code trace} hears
   * how each went.
   */
  public static Result run(
      Node requester,
      TierPolicy policy,
      int workflows,
      List<PeerId> adversaries,
      RandomGenerator random,
      java.util.function.Consumer<String> trace)
      throws InterruptedException {
    return run(requester, policy, workflows, adversaries, random, trace, w -> {});
  }

  /**
   * As {@link #run(Node, TierPolicy, int, List, RandomGenerator, java.util.function.Consumer)}, and
   * {@code each} hears every workflow's figures as it ends (for per-workflow statistics).
   */
  public static Result run(
      Node requester,
      TierPolicy policy,
      int workflows,
      List<PeerId> adversaries,
      RandomGenerator random,
      java.util.function.Consumer<String> trace,
      java.util.function.Consumer<Workflow> each)
      throws InterruptedException {
    int succeeded = 0;
    int accepted = 0;
    long canaries = 0;
    long canaryBytes = 0;
    long millis = 0;
    long next = System.nanoTime();
    for (int i = 0; i < workflows; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      next = System.nanoTime() + PACE_MILLIS * 1_000_000;
      long started = System.nanoTime();
      String prompt =
          PROMPTS.get(random.nextInt(PROMPTS.size())) + " #" + random.nextInt(1_000_000);
      TaskRun.Snapshot s = runOne(requester, policy, prompt);
      long took = System.nanoTime() - started;
      millis += took / 1_000_000;
      int wfCanaries = 0;
      long wfCanaryBytes = 0;
      long wfCanaryMillis = 0;
      for (TaskRun.StepView v : s.steps()) {
        canaries += v.canaries();
        canaryBytes += v.canaryBytes();
        wfCanaries += v.canaries();
        wfCanaryBytes += v.canaryBytes();
        wfCanaryMillis += v.canaryMillis();
      }
      boolean ok = s.state() == TaskRun.State.SUCCEEDED && right(s, prompt);
      if (s.state() == TaskRun.State.SUCCEEDED) {
        accepted++;
        if (ok) {
          succeeded++;
        }
      }
      each.accept(
          new Workflow(
              took,
              ok,
              s.state() == TaskRun.State.SUCCEEDED,
              wfCanaries,
              wfCanaryBytes,
              wfCanaryMillis));
      trace.accept(describe(i + 1, s, ok, adversaries));
    }
    int caught =
        requester
            .workflows()
            .withReputation(
                view -> (int) adversaries.stream().filter(p -> view.overallScore(p) < 0).count());
    return new Result(
        policy,
        workflows,
        succeeded,
        accepted,
        canaries,
        canaryBytes,
        millis,
        caught,
        adversaries.size());
  }

  /** One line on how workflow {@code n} went, naming adversaries as such. */
  static String describe(int n, TaskRun.Snapshot s, boolean right, List<PeerId> adversaries) {
    StringBuilder b = new StringBuilder();
    b.append("workflow ").append(n).append(": ");
    b.append(
        right
            ? "right"
            : s.state() == TaskRun.State.SUCCEEDED ? "WRONG result accepted" : s.state().name());
    for (TaskRun.StepView v : s.steps()) {
      b.append("; ").append(v.name()).append(" ").append(v.state().name());
      v.provider()
          .ifPresent(
              p ->
                  b.append(" by ")
                      .append(adversaries.contains(p) ? "sybil " : "")
                      .append(p.shortForm()));
      b.append(", attempts ").append(v.attempts()).append(", canaries ").append(v.canaries());
      if (v.state() != TaskRun.State.SUCCEEDED && !v.detail().isEmpty()) {
        b.append(" (").append(v.detail()).append(")");
      }
      for (String f : v.failures()) {
        b.append(" [").append(f).append("]");
      }
    }
    return b.toString();
  }

  private static TaskRun.Snapshot runOne(Node requester, TierPolicy policy, String prompt)
      throws InterruptedException {
    TaskRun run = requester.workflows().start(spec(prompt).withPolicy(policy), "workflow");
    try {
      return run.done().get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      requester.workflows().cancel(run.id());
      return run.snapshot();
    }
  }

  /** The paper's workflow on {@code prompt}. */
  static WorkflowSpec spec(String prompt) {
    ObjectNode in = Json.MAPPER.createObjectNode();
    in.put("prompt", prompt);
    in.put("width", SIZE);
    in.put("height", SIZE);
    String file =
        "{\"name\":\"image-then-publish\",\"steps\":["
            + "{\"name\":\"generate\",\"tag\":\"image.generate\",\"input\":{\"json\":"
            + in
            + "},\"deadline\":\"20s\",\"sideEffect\":\"none\"},"
            + "{\"name\":\"publish\",\"tag\":\"content.publish\",\"input\":{\"step\":\"generate\"},"
            + "\"deadline\":\"20s\",\"sideEffect\":\"irreversible\"}]}";
    try {
      return WorkflowFile.parse(file.getBytes(StandardCharsets.UTF_8), Path.of(""));
    } catch (WorkflowFileException e) {
      throw new IllegalStateException("the bench's workflow is valid", e);
    }
  }

  /** Whether a succeeded run holds the true image and its true publication. */
  static boolean right(TaskRun.Snapshot s, String prompt) {
    Bytes image = ImageGenerateHandler.render(prompt, SIZE, SIZE);
    TaskRun.StepView generate = s.steps().get(0);
    TaskRun.StepView publish = s.steps().get(1);
    if (generate.output().isEmpty() || !generate.output().get().equals(image)) {
      return false;
    }
    if (publish.output().isEmpty()) {
      return false;
    }
    try {
      String sha = Json.parse(publish.output().get().toByteArray()).path("sha256").asText("");
      return sha.equals(Digests.sha256(image).toHex());
    } catch (JsonFormatException e) {
      return false;
    }
  }
}
