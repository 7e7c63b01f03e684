package io.ap2p.core.execution;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Checks;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Delegates one step to ranked candidates, sans-I/O: optional canary, invoke, verify, and fall back
 * to the next candidate within the step's budget (attempts and deadline).
 *
 * <pre>
 *            start
 *              │  next candidate (none left / budget spent ──► FAILED)
 *              ▼
 *   ┌──── [PROBING] ──canary wrong / error / timeout──► penalise, next candidate
 *   │          │ canary right
 *   │ (no      ▼
 *   │ canary)[INVOKED] ──error / timeout / bad receipt──► penalise, next candidate
 *   └────────►  │ result (receipt valid when evidence is required)
 *               ▼
 *          SUCCEEDED            cancel in any state ──► CANCELLED
 * </pre>
 *
 * Events carry the attempt number they answer; a late answer to an abandoned attempt is ignored.
 */
public final class Delegation {

  /** What the runtime must do. */
  public sealed interface Action {
    /**
     * Send {@code task} to the provider of {@code target}; report with the attempt number. {@code
     * probe} is local bookkeeping (a canary) and must never be put on the wire. {@code
     * receiptWanted} asks the provider for a signed receipt (Tier 3); it is the same for canaries
     * and real tasks, so it tells the provider nothing about which is which.
     */
    record Invoke(
        int attempt, SignedDescriptor target, Task task, boolean probe, boolean receiptWanted)
        implements Action {

      /**
       * This attempt as the INVOKE a runtime sends: sent as {@code taskId}, the capability id and
       * seq of the descriptor it was chosen under, the task's input length and nonce, whether a
       * receipt is wanted, and {@code deadlineMillis} kept within 1 ms and the protocol's longest.
       */
      public TaskMessage.Invoke message(String taskId, String mediaType, long deadlineMillis) {
        return new TaskMessage.Invoke(
            taskId,
            target.descriptor().id(),
            target.descriptor().seq(),
            mediaType,
            task.input().length(),
            Math.max(1, Math.min(deadlineMillis, TaskLimits.PROTOCOL.maxDeadlineMillis())),
            task.nonce(),
            receiptWanted);
      }
    }

    /** Call {@link #onTimeout(int)} at {@code atMillis} unless the attempt was answered. */
    record ArmTimeout(int attempt, long atMillis) implements Action {}

    /** Tell the provider to stop working on the attempt. */
    record Abort(int attempt, PeerId provider) implements Action {}

    /** The step ended. */
    record Finished(StepOutcome outcome) implements Action {}
  }

  private enum State {
    NEW,
    PROBING,
    INVOKED,
    DONE
  }

  /** Trust above which a peer with a record skips the canary when only newcomers are probed. */
  public static final double TRUSTED = 0.6;

  private final Step step;
  private final Task task;
  private final List<Match> candidates;
  private final Checks checks;
  private final Clock clock;
  private final Reputation reputation;
  private final CanaryFactory canaries;
  private final ReceiptVerifier verifier;
  private final long deadline;
  private final RandomGenerator random;

  private State state = State.NEW;
  private int next;
  private int attempt;
  private int realAttempts;
  private int canariesSent;
  private long sentAt;
  private SignedDescriptor current;
  private Task currentTask;
  private CanaryFactory.Canary currentCanary;
  private String lastFailure = "no candidates";
  private final List<StepOutcome.Failure> failures = new ArrayList<>();

  /**
   * A delegation of {@code task} for {@code step} to {@code candidates}, best first; canary ids and
   * nonces come from {@code random}.
   */
  public Delegation(
      Step step,
      Task task,
      List<Match> candidates,
      Checks checks,
      Clock clock,
      Reputation reputation,
      CanaryFactory canaries,
      ReceiptVerifier verifier,
      RandomGenerator random) {
    this.step = step;
    this.random = random;
    this.task = task;
    this.candidates = List.copyOf(candidates);
    this.checks = checks;
    this.clock = clock;
    this.reputation = reputation;
    this.canaries = canaries;
    this.verifier = verifier;
    this.deadline = clock.millis() + step.deadlineMs();
  }

  /** Starts with the best candidate. */
  public List<Action> start() {
    if (state != State.NEW) {
      throw new IllegalStateException("already started");
    }
    return tryNext();
  }

  /** The provider answered attempt {@code n}. */
  public List<Action> onResult(int n, TaskResult result) {
    if (n != attempt || state == State.DONE || state == State.NEW) {
      return List.of();
    }
    PeerId peer = current.descriptor().peer();
    if (state == State.PROBING) {
      if (currentCanary.passes(result.output())) {
        reputation.record(peer, step.tag(), true);
        return invoke(current, task, false);
      }
      return penalise("canary answered wrongly by " + peer.shortForm());
    }
    if (checks.evidence()) {
      CapabilityDescriptor d = current.descriptor();
      Verdict<SignedReceipt> v =
          verifier.verify(
              result.receipt(),
              new ReceiptVerifier.Expected(
                  peer,
                  task.input(),
                  task.nonce(),
                  result.output(),
                  d.state().version(),
                  sentAt,
                  clock.millis(),
                  d.id()),
              // attestation is asked of providers that offer it, by requesters that pinned an
              // attestor to trust (DESIGN: the requester's policy decides, not the claims)
              checks.attestation() && d.verification().attestation() && verifier.pinsAttestors());
      if (!(v instanceof Verdict.Accepted<SignedReceipt>)) {
        return penalise("evidence rejected from " + peer.shortForm() + ": " + v);
      }
    }
    state = State.DONE;
    return List.of(
        new Action.Finished(
            new StepOutcome(
                StepOutcome.Status.SUCCEEDED,
                "",
                Optional.of(result),
                Optional.of(peer),
                realAttempts,
                canariesSent,
                failures)));
  }

  /** The provider reported an error for attempt {@code n}, or it could not be reached. */
  public List<Action> onError(int n, String reason) {
    if (n != attempt || state == State.DONE || state == State.NEW) {
      return List.of();
    }
    return penalise(current.descriptor().peer().shortForm() + " failed: " + reason);
  }

  /** The timeout of attempt {@code n} fired. */
  public List<Action> onTimeout(int n) {
    if (n != attempt || state == State.DONE || state == State.NEW) {
      return List.of();
    }
    List<Action> out = new ArrayList<>();
    out.add(new Action.Abort(n, current.descriptor().peer()));
    out.addAll(penalise(current.descriptor().peer().shortForm() + " timed out"));
    return out;
  }

  /** The requester gave up on the step. */
  public List<Action> cancel() {
    if (state == State.DONE) {
      return List.of();
    }
    List<Action> out = new ArrayList<>();
    if (current != null && state != State.NEW) {
      out.add(new Action.Abort(attempt, current.descriptor().peer()));
    }
    state = State.DONE;
    out.add(finished(StepOutcome.Status.CANCELLED, "cancelled"));
    return out;
  }

  /** Whether the step has ended. */
  public boolean done() {
    return state == State.DONE;
  }

  private List<Action> penalise(String why) {
    reputation.record(current.descriptor().peer(), step.tag(), false);
    lastFailure = why;
    failures.add(new StepOutcome.Failure(current.descriptor().peer(), why));
    return tryNext();
  }

  private List<Action> tryNext() {
    if (realAttempts >= checks.maxAttempts() || next >= candidates.size()) {
      state = State.DONE;
      return List.of(
          finished(
              StepOutcome.Status.FAILED,
              realAttempts >= checks.maxAttempts()
                  ? "budget of " + checks.maxAttempts() + " attempts spent; last: " + lastFailure
                  : lastFailure));
    }
    if (clock.millis() >= deadline) {
      state = State.DONE;
      return List.of(finished(StepOutcome.Status.FAILED, "deadline passed; last: " + lastFailure));
    }
    SignedDescriptor target = candidates.get(next++).descriptor();
    PeerId peer = target.descriptor().peer();
    boolean probe =
        checks.canary()
            && (checks.canaryKnownPeers() || !reputation.trusted(peer, step.tag(), TRUSTED));
    if (probe) {
      Optional<CanaryFactory.Canary> c = canaries.make(step.tag(), task.input().length());
      if (c.isPresent()) {
        currentCanary = c.get();
        canariesSent++;
        return invoke(target, Task.fresh(step.tag(), currentCanary.input(), random), true);
      }
    }
    return invoke(target, task, false);
  }

  private List<Action> invoke(SignedDescriptor target, Task t, boolean probe) {
    current = target;
    currentTask = t;
    attempt++;
    state = probe ? State.PROBING : State.INVOKED;
    if (!probe) {
      realAttempts++;
    }
    sentAt = clock.millis();
    long timeout = Math.min(deadline, sentAt + target.descriptor().constraints().deadlineMs());
    return List.of(
        new Action.Invoke(attempt, target, currentTask, probe, checks.evidence()),
        new Action.ArmTimeout(attempt, timeout));
  }

  private Action finished(StepOutcome.Status status, String reason) {
    return new Action.Finished(
        new StepOutcome(
            status,
            reason,
            Optional.empty(),
            Optional.ofNullable(current).map(c -> c.descriptor().peer()),
            realAttempts,
            canariesSent,
            failures));
  }
}
