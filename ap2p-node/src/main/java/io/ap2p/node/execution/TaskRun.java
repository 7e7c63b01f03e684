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
   * @param canaryBytes input and output bytes of the canaries answered (their cost in traffic)
   * @param canaryMillis time from sending each canary to its answer, summed
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
      long canaryBytes,
      long canaryMillis,
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

  /** A step as it changes; read only through {@link #view()}, under the run's monitor. */
  private static final class StepState {
    final String name;
    State state = State.PENDING;
    int attempts;
    int canaries;
    long canaryBytes;
    long canaryMillis;
    double progress;
    String progressMessage = "";
    Optional<PeerId> provider = Optional.empty();
    String capability = "";
    Optional<SignedReceipt> receipt = Optional.empty();
    Optional<Bytes> output = Optional.empty();
    String mediaType = "";
    String detail = "";
    List<String> failures = new ArrayList<>();

    StepState(String name) {
      this.name = name;
    }

    StepView view() {
      return new StepView(
          name,
          state,
          attempts,
          canaries,
          canaryBytes,
          canaryMillis,
          progress,
          progressMessage,
          provider,
          capability,
          receipt,
          output,
          mediaType,
          detail,
          List.copyOf(failures));
    }
  }

  private final String id;
  private final String kind;
  private final WorkflowSpec spec;
  private final Map<String, StepState> steps = new LinkedHashMap<>();
  private final CompletableFuture<Snapshot> done = new CompletableFuture<>();
  private State state = State.PENDING;
  private String detail = "";

  TaskRun(String id, String kind, WorkflowSpec spec) {
    this.id = id;
    this.kind = kind;
    this.spec = spec;
    for (var s : spec.workflow().steps()) {
      steps.put(s.name(), new StepState(s.name()));
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
    return new Snapshot(
        id, kind, state, detail, steps.values().stream().map(StepState::view).toList());
  }

  synchronized void running() {
    state = State.RUNNING;
  }

  synchronized void stepStarted(String name) {
    steps.get(name).state = State.RUNNING;
  }

  /** An attempt (or a canary, which the requester does not count as one) went to {@code peer}. */
  synchronized void attemptStarted(String name, PeerId peer, boolean probe) {
    StepState s = steps.get(name);
    s.state = State.RUNNING;
    if (probe) {
      s.canaries++;
    } else {
      s.attempts++;
    }
    s.provider = Optional.of(peer);
  }

  /** A canary of {@code name} was answered: {@code bytes} moved, {@code millis} taken. */
  synchronized void canaryAnswered(String name, long bytes, long millis) {
    StepState s = steps.get(name);
    s.canaryBytes += bytes;
    s.canaryMillis += millis;
  }

  synchronized void attemptFailed(String name, String reason) {
    StepState s = steps.get(name);
    s.failures.add(reason);
    s.detail = reason;
  }

  synchronized void progress(String name, double fraction, String message) {
    StepState s = steps.get(name);
    s.progress = fraction;
    s.progressMessage = message;
  }

  synchronized void stepFinished(String name, StepOutcome o, String capability, String mediaType) {
    StepState s = steps.get(name);
    s.state =
        switch (o.status()) {
          case SUCCEEDED -> State.SUCCEEDED;
          case FAILED -> State.FAILED;
          case CANCELLED -> State.CANCELLED;
        };
    s.attempts = o.attempts();
    s.canaries = o.canaries();
    if (o.succeeded()) {
      s.progress = 1;
    }
    s.provider = o.provider();
    s.capability = capability;
    s.receipt = o.result().flatMap(r -> r.receipt());
    s.output = o.result().map(r -> r.output());
    s.mediaType = mediaType;
    s.detail = o.succeeded() ? "" : o.reason();
    s.failures = new ArrayList<>(o.failures().stream().map(StepOutcome.Failure::reason).toList());
  }

  synchronized void completed(WorkflowOutcome outcome, boolean cancelled) {
    state = outcome.succeeded() ? State.SUCCEEDED : cancelled ? State.CANCELLED : State.FAILED;
    detail =
        outcome.steps().entrySet().stream()
            .filter(e -> !e.getValue().succeeded())
            .map(e -> e.getKey() + ": " + e.getValue().reason())
            .findFirst()
            .orElse("");
    for (StepState s : steps.values()) {
      if (s.state == State.PENDING || s.state == State.RUNNING) {
        s.state = cancelled ? State.CANCELLED : State.FAILED;
      }
    }
    done.complete(snapshot());
  }
}
