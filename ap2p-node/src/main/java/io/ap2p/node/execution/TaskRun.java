package io.ap2p.node.execution;

import io.ap2p.core.execution.StepOutcome;
import io.ap2p.core.execution.WorkflowOutcome;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One delegated task or workflow on this node, as the requester sees it: overall state, and per
 * step the attempts, progress, provider, receipt and output. Read through {@link #snapshot()}.
 */
public final class TaskRun {

  /** Where a run or step is. */
  public enum State {
    /** Not started. */
    PENDING,
    /** Discovering or delegating. */
    RUNNING,
    /** Every step produced an accepted result. */
    SUCCEEDED,
    /** A step failed. */
    FAILED,
    /** The requester cancelled. */
    CANCELLED
  }

  /**
   * What one step has done so far.
   *
   * @param name the step
   * @param state where it is
   * @param attempts real attempts sent
   * @param canaries canaries sent
   * @param progress the provider's last reported fraction (0 to 1)
   * @param progressMessage and its message
   * @param provider who produced the accepted result, or the last one tried
   * @param capability the capability id of the accepted result's descriptor
   * @param receipt the accepted result's receipt, if any
   * @param output the accepted output
   * @param mediaType its media type
   * @param detail why it failed, or the last attempt's failure
   * @param failures every failed attempt's reason, in order
   */
  public record StepView(
      String name,
      State state,
      int attempts,
      int canaries,
      double progress,
      String progressMessage,
      Optional<PeerId> provider,
      String capability,
      Optional<SignedReceipt> receipt,
      Optional<Bytes> output,
      String mediaType,
      String detail,
      List<String> failures) {}

  /** The run as it is now. */
  public record Snapshot(
      String id, String kind, State state, String detail, List<StepView> steps) {}

  private final String id;
  private final String kind;
  private final WorkflowSpec spec;
  private final Map<String, StepView> steps = new LinkedHashMap<>();
  private final CompletableFuture<Snapshot> done = new CompletableFuture<>();
  private State state = State.PENDING;
  private String detail = "";

  TaskRun(String id, String kind, WorkflowSpec spec) {
    this.id = id;
    this.kind = kind;
    this.spec = spec;
    for (var s : spec.workflow().steps()) {
      steps.put(
          s.name(),
          new StepView(
              s.name(),
              State.PENDING,
              0,
              0,
              0,
              "",
              Optional.empty(),
              "",
              Optional.empty(),
              Optional.empty(),
              "",
              "",
              List.of()));
    }
  }

  /** The run's id. */
  public String id() {
    return id;
  }

  /** The workflow it runs. */
  public WorkflowSpec spec() {
    return spec;
  }

  /** Completes with the final snapshot when the run ends. */
  public CompletableFuture<Snapshot> done() {
    return done;
  }

  /** The run now. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(id, kind, state, detail, List.copyOf(steps.values()));
  }

  synchronized void running() {
    state = State.RUNNING;
  }

  synchronized void step(String name, java.util.function.UnaryOperator<StepView> change) {
    steps.computeIfPresent(name, (k, v) -> change.apply(v));
  }

  synchronized void attemptFailed(String name, String reason) {
    step(
        name,
        v -> {
          List<String> f = new ArrayList<>(v.failures());
          f.add(reason);
          return new StepView(
              v.name(),
              v.state(),
              v.attempts(),
              v.canaries(),
              v.progress(),
              v.progressMessage(),
              v.provider(),
              v.capability(),
              v.receipt(),
              v.output(),
              v.mediaType(),
              reason,
              List.copyOf(f));
        });
  }

  /** An attempt (or a canary, which the requester does not count as one) went to {@code peer}. */
  synchronized void attemptStarted(String name, PeerId peer, boolean probe) {
    step(
        name,
        v ->
            new StepView(
                v.name(),
                State.RUNNING,
                v.attempts() + (probe ? 0 : 1),
                v.canaries() + (probe ? 1 : 0),
                v.progress(),
                v.progressMessage(),
                Optional.of(peer),
                v.capability(),
                v.receipt(),
                v.output(),
                v.mediaType(),
                v.detail(),
                v.failures()));
  }

  synchronized void progress(String name, double fraction, String message) {
    step(
        name,
        v ->
            new StepView(
                v.name(),
                v.state(),
                v.attempts(),
                v.canaries(),
                fraction,
                message,
                v.provider(),
                v.capability(),
                v.receipt(),
                v.output(),
                v.mediaType(),
                v.detail(),
                v.failures()));
  }

  synchronized void stepStarted(String name) {
    step(
        name,
        v ->
            new StepView(
                v.name(),
                State.RUNNING,
                v.attempts(),
                v.canaries(),
                v.progress(),
                v.progressMessage(),
                v.provider(),
                v.capability(),
                v.receipt(),
                v.output(),
                v.mediaType(),
                v.detail(),
                v.failures()));
  }

  synchronized void stepFinished(String name, StepOutcome o, String capability, String mediaType) {
    State s =
        switch (o.status()) {
          case SUCCEEDED -> State.SUCCEEDED;
          case FAILED -> State.FAILED;
          case CANCELLED -> State.CANCELLED;
        };
    step(
        name,
        v ->
            new StepView(
                v.name(),
                s,
                o.attempts(),
                o.canaries(),
                o.succeeded() ? 1 : v.progress(),
                v.progressMessage(),
                o.provider(),
                capability,
                o.result().flatMap(r -> r.receipt()),
                o.result().map(r -> r.output()),
                mediaType,
                o.succeeded() ? "" : o.reason(),
                o.failures()));
  }

  synchronized void completed(WorkflowOutcome outcome, boolean cancelled) {
    state = outcome.succeeded() ? State.SUCCEEDED : cancelled ? State.CANCELLED : State.FAILED;
    detail =
        outcome.steps().entrySet().stream()
            .filter(e -> !e.getValue().succeeded())
            .map(e -> e.getKey() + ": " + e.getValue().reason())
            .findFirst()
            .orElse("");
    for (var e : steps.entrySet()) {
      if (e.getValue().state() == State.PENDING || e.getValue().state() == State.RUNNING) {
        StepView v = e.getValue();
        e.setValue(
            new StepView(
                v.name(),
                cancelled ? State.CANCELLED : State.FAILED,
                v.attempts(),
                v.canaries(),
                v.progress(),
                v.progressMessage(),
                v.provider(),
                v.capability(),
                v.receipt(),
                v.output(),
                v.mediaType(),
                v.detail(),
                v.failures()));
      }
    }
    done.complete(snapshot());
  }
}
