package io.ap2p.core.execution;

import io.ap2p.core.discovery.DescriptorCheck;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Carries out a {@link WorkflowRun}'s actions through a {@link Runtime}: the one orchestration of
 * the requester's side that the simulator and the real node share. It verifies what discovery
 * returns, hands the run its candidates, sends attempts with their deadlines, arms timeouts, aborts
 * abandoned attempts, and feeds every answer back; candidate order, attempt budget and fallback are
 * the run's {@link Delegation}s'.
 *
 * <pre>
 *  run action                 runtime call                      answer fed back
 *  Discover(step, query)  ─►  discover(step, query, cb)     ─►  verified ─► run.onCandidates
 *  Invoke(attempt, …)     ─►  invoke(step, invoke, deadline) ─► run.onResult / run.onError
 *  ArmTimeout(attempt, t) ─►  at(t, …)                      ─►  run.onTimeout
 *  Abort(attempt, peer)   ─►  abort(step, abort)
 *  Completed(outcome)     ─►  listener.completed
 * </pre>
 *
 * Not thread-safe: the runtime must call back one at a time (the simulator's event loop does; the
 * node calls under one lock per run).
 */
public final class WorkflowDriver {

  /** What the driver needs from the world it runs in. */
  public interface Runtime {
    /**
     * Asks discovery for candidates of {@code step}; calls {@code answer} once with the signed
     * descriptors found (unverified; empty when discovery failed).
     */
    void discover(String step, Query query, Consumer<List<Bytes>> answer);

    /**
     * Sends one attempt to its target; calls {@code reply} at most once (never when the provider
     * stays silent: the timeout covers that). {@code deadlineMillis} is when the requester stops
     * waiting, on the runtime's clock.
     */
    void invoke(String step, Delegation.Action.Invoke invoke, long deadlineMillis, Reply reply);

    /** Tells the provider of an abandoned attempt to stop (best effort). */
    void abort(String step, Delegation.Action.Abort abort);

    /** Calls {@code task} at {@code atMillis} on the runtime's clock. */
    void at(long atMillis, Runnable task);
  }

  /** How an attempt ended. */
  public interface Reply {
    /** The provider returned a result (not yet checked). */
    void result(TaskResult result);

    /** The provider answered with an error, or could not be reached. */
    void error(String reason);
  }

  /** Steps of a run, for metrics, logs and progress displays; every method has a no-op default. */
  public interface Listener {
    /** Discovery for {@code step} returned {@code returned} descriptors, {@code accepted} valid. */
    default void discovered(String step, int returned, int accepted) {}

    /** An attempt of {@code step} was sent to {@code provider}. */
    default void attempt(String step, int attempt, PeerId provider, boolean probe) {}

    /** The current attempt of {@code step} failed with an error or timed out. */
    default void attemptFailed(String step, int attempt, String reason) {}

    /** {@code step} ended. */
    default void stepFinished(String step, StepOutcome outcome) {}

    /** The run ended. */
    default void completed(WorkflowOutcome outcome) {}
  }

  private final WorkflowRun run;
  private final Runtime runtime;
  private final DescriptorCheck check;
  private final Listener listener;
  private Optional<WorkflowOutcome> outcome = Optional.empty();

  /**
   * A driver of {@code run} through {@code runtime}, judging discovered descriptors with {@code
   * check}.
   */
  public WorkflowDriver(
      WorkflowRun run, Runtime runtime, DescriptorCheck check, Listener listener) {
    this.run = run;
    this.runtime = runtime;
    this.check = check;
    this.listener = listener;
  }

  /** Starts the run. */
  public void start() {
    drive(run.start());
  }

  /** Cancels the run: running attempts are aborted and the run completes as not succeeded. */
  public void cancel() {
    drive(run.cancel());
  }

  /** How the run ended, once it has. */
  public Optional<WorkflowOutcome> outcome() {
    return outcome;
  }

  private void drive(List<WorkflowRun.Action> actions) {
    for (int i = 0; i < actions.size(); i++) {
      switch (actions.get(i)) {
        case WorkflowRun.Action.Discover d ->
            runtime.discover(d.step(), d.query(), got -> discovered(d.step(), got));
        case WorkflowRun.Action.StepAction s -> step(s.step(), s.action(), actions, i);
        case WorkflowRun.Action.Completed c -> {
          outcome = Optional.of(c.outcome());
          listener.completed(c.outcome());
        }
      }
    }
  }

  private void discovered(String step, List<Bytes> got) {
    List<SignedDescriptor> found = new ArrayList<>();
    for (Bytes b : got) {
      if (check.validate(b, Optional.empty()) instanceof Verdict.Accepted<SignedDescriptor> ok) {
        found.add(ok.value());
      }
    }
    listener.discovered(step, got.size(), found.size());
    drive(run.onCandidates(step, found));
  }

  private void step(String step, Delegation.Action a, List<WorkflowRun.Action> actions, int index) {
    switch (a) {
      case Delegation.Action.Invoke inv -> {
        listener.attempt(step, inv.attempt(), inv.target().descriptor().peer(), inv.probe());
        runtime.invoke(step, inv, deadlineOf(inv.attempt(), actions, index), reply(step, inv));
      }
      case Delegation.Action.ArmTimeout t ->
          runtime.at(
              t.atMillis(),
              () -> {
                List<WorkflowRun.Action> next = run.onTimeout(step, t.attempt());
                if (!next.isEmpty()) {
                  listener.attemptFailed(step, t.attempt(), "timed out");
                }
                drive(next);
              });
      case Delegation.Action.Abort ab -> runtime.abort(step, ab);
      case Delegation.Action.Finished f -> listener.stepFinished(step, f.outcome());
      case Delegation.Action.Rediscover r -> {} // the run turns it into a Discover: never here
    }
  }

  private Reply reply(String step, Delegation.Action.Invoke inv) {
    return new Reply() {
      @Override
      public void result(TaskResult result) {
        drive(run.onResult(step, inv.attempt(), result));
      }

      @Override
      public void error(String reason) {
        List<WorkflowRun.Action> next = run.onError(step, inv.attempt(), reason);
        if (!next.isEmpty()) { // an abandoned attempt's late error changes nothing: not reported
          listener.attemptFailed(step, inv.attempt(), reason);
        }
        drive(next);
      }
    };
  }

  /** The timeout armed with attempt {@code attempt}: it follows the Invoke in the same list. */
  private static long deadlineOf(int attempt, List<WorkflowRun.Action> actions, int from) {
    for (int j = from + 1; j < actions.size(); j++) {
      if (actions.get(j) instanceof WorkflowRun.Action.StepAction s
          && s.action() instanceof Delegation.Action.ArmTimeout t
          && t.attempt() == attempt) {
        return t.atMillis();
      }
    }
    throw new IllegalStateException("an Invoke comes with its ArmTimeout");
  }
}
