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
import java.util.Set;
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
 * Placed {@link CanaryPlacement#ALONGSIDE}, canary and real task go out together in a random order
 * ([PAIRED]); the real result waits for a right canary; a wrong canary, an error or a timeout of
 * either aborts the other and falls back. Candidates that cannot give the evidence the step needs
 * are skipped before any attempt, whatever else they claim ({@link CandidateRules}): the
 * requester's policy decides, not the provider's descriptor. Events carry the attempt number they
 * answer; a late answer to an abandoned attempt is ignored.
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

    /**
     * Ask discovery again for this step, leaving out {@code exclude} (every provider offered so
     * far, first first); answer with {@link #onCandidates}. Only when falling back to discovery.
     */
    record Rediscover(Set<PeerId> exclude) implements Action {}
  }

  private enum State {
    NEW,
    PROBING,
    PAIRED,
    INVOKED,
    DISCOVERING,
    DONE
  }

  /** How many times its claimed p95 latency an attempt may take when held to its claims. */
  public static final long CLAIM_FACTOR = 10;

  /** Trust above which a peer with a record skips the canary when only newcomers are probed. */
  public static final double TRUSTED = 0.6;

  /** Most fallbacks to discovery in one step. */
  public static final int MAX_REDISCOVERIES = 3;

  private final Step step;
  private final Task task;
  private final Candidates candidates;
  private final Checks checks;
  private final Clock clock;
  private final Reputation reputation;
  private final CanaryFactory canaries;
  private final ReceiptVerifier verifier;
  private final Attempts attempts;
  private final RandomGenerator random;
  private final Probing probing;
  private boolean candidateCounted; // the current candidate's attempt is already counted
  private Exploration exploration = Exploration.OFF;
  private Explored explored; // the untested stranger put first, if the step explores

  private State state = State.NEW;
  private Pair pair; // PAIRED: the two attempts in flight
  private int attempt;
  private long sentAt;
  private SignedDescriptor current;
  private Task currentTask;
  private CanaryFactory.Canary currentCanary;

  /**
   * A delegation of {@code task} for {@code step} to {@code candidates}, best first, probing as
   * {@code probing} says ({@link Probing#PAPER}: as the paper does); canary ids and nonces, the
   * placement of each canary and spot checks are drawn from {@code random} (only where {@code
   * probing} asks for a draw).
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
      RandomGenerator random,
      Probing probing) {
    this.probing = probing;
    this.step = step;
    this.random = random;
    this.task = task;
    this.verifier = verifier;
    this.checks = checks;
    this.attempts = new Attempts(checks.maxAttempts(), clock.millis() + step.deadlineMs());
    this.candidates = new Candidates(candidates, checks, verifier);
    noteSkipped();
    this.clock = clock;
    this.reputation = reputation;
    this.canaries = canaries;
  }

  /** Starts with the best candidate. */
  public List<Action> start() {
    if (state != State.NEW) {
      throw new IllegalStateException("already started");
    }
    explored =
        Explored.draw(
                exploration,
                step,
                task,
                candidates,
                reputation,
                canaries,
                random,
                clock.millis(),
                attempts.deadline())
            .orElse(null);
    if (explored != null) {
      attempts.extend(); // the stranger's attempt takes none from the usual candidates
    }
    return tryNext();
  }

  /** The provider answered attempt {@code n}. */
  public List<Action> onResult(int n, TaskResult result) {
    if (state == State.PAIRED) {
      return pairedResult(n, result);
    }
    if (stale(n)) {
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
    return accept(result, sentAt);
  }

  private List<Action> pairedResult(int n, TaskResult result) {
    PeerId peer = current.descriptor().peer();
    if (n == pair.canary() && !pair.canaryPassed()) {
      if (!currentCanary.passes(result.output())) {
        return abortAndPenalise(pair.real(), "canary answered wrongly by " + peer.shortForm());
      }
      pair.pass();
      reputation.record(peer, step.tag(), true);
      if (pair.holding()) {
        return accept(pair.takeHeld(), sentAt);
      }
      return List.of();
    }
    if (n == pair.real() && !pair.holding()) {
      if (pair.canaryPassed()) {
        return accept(result, sentAt);
      }
      pair.hold(result); // used once the canary's answer is right
    }
    return List.of();
  }

  /** Checks the evidence of the real task's result and ends the step, or falls back. */
  private List<Action> accept(TaskResult result, long sentAtMillis) {
    Checks mine = checksFor(current);
    if (mine.evidence()) {
      Verdict<SignedReceipt> v =
          CandidateRules.evidence(verifier, mine, current, task, result, sentAtMillis, clock);
      if (!(v instanceof Verdict.Accepted<SignedReceipt>)) {
        return penalise(
            "evidence rejected from " + current.descriptor().peer().shortForm() + ": " + v);
      }
    }
    state = State.DONE;
    return List.of(finished(StepOutcome.Status.SUCCEEDED, "", Optional.of(result)));
  }

  /** The provider reported an error for attempt {@code n}, or it could not be reached. */
  public List<Action> onError(int n, String reason) {
    if (state == State.PAIRED) {
      if (!pair.pending(n)) {
        return List.of();
      }
      return abortAndPenalise(
          pair.other(n), current.descriptor().peer().shortForm() + " failed: " + reason);
    }
    if (stale(n)) {
      return List.of();
    }
    return penalise(current.descriptor().peer().shortForm() + " failed: " + reason);
  }

  /** The timeout of attempt {@code n} fired. */
  public List<Action> onTimeout(int n) {
    if (state == State.PAIRED) {
      if (!pair.pending(n)) {
        return List.of();
      }
      List<Action> out = new ArrayList<>();
      out.add(new Action.Abort(n, current.descriptor().peer()));
      out.addAll(
          abortAndPenalise(pair.other(n), current.descriptor().peer().shortForm() + " timed out"));
      return out;
    }
    if (stale(n)) {
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
    if (state == State.PAIRED) {
      for (int n : new int[] {pair.canary(), pair.real()}) {
        if (pair.pending(n)) {
          out.add(new Action.Abort(n, current.descriptor().peer()));
        }
      }
    } else if (current != null && state != State.NEW && state != State.DISCOVERING) {
      out.add(new Action.Abort(attempt, current.descriptor().peer()));
    }
    state = State.DONE;
    out.add(finished(StepOutcome.Status.CANCELLED, "cancelled"));
    return out;
  }

  /** Whether the delegation waits for discovery's answer to its {@link Action.Rediscover}. */
  boolean discovering() {
    return state == State.DISCOVERING;
  }

  /** Whether the step has ended. */
  public boolean done() {
    return state == State.DONE;
  }

  /** Whether an answer to attempt {@code n} comes too late (or too soon) to count. */
  private boolean stale(int n) {
    return n != attempt || state == State.DONE || state == State.NEW || state == State.DISCOVERING;
  }

  /** Aborts attempt {@code n} of the pair if it still runs, then penalises and falls back. */
  private List<Action> abortAndPenalise(int n, String why) {
    List<Action> out = new ArrayList<>();
    if (pair.pending(n)) {
      out.add(new Action.Abort(n, current.descriptor().peer()));
    }
    state = State.INVOKED; // leaves PAIRED: penalise picks the next candidate
    out.addAll(penalise(why));
    return out;
  }

  private List<Action> penalise(String why) {
    reputation.record(current.descriptor().peer(), step.tag(), false);
    attempts.failed(current.descriptor().peer(), why);
    return tryNext();
  }

  private List<Action> tryNext() {
    if (attempts.mayRediscover(clock.millis())
        && (candidates.exhausted() || candidates.restDistrusted(reputation, step.tag()))) {
      attempts.rediscovered();
      state = State.DISCOVERING;
      return List.of(new Action.Rediscover(candidates.seen()));
    }
    if (attempts.spent() || candidates.exhausted()) {
      state = State.DONE;
      return List.of(finished(StepOutcome.Status.FAILED, attempts.exhaustedReason()));
    }
    if (clock.millis() >= attempts.deadline()) {
      state = State.DONE;
      return List.of(finished(StepOutcome.Status.FAILED, attempts.lateReason()));
    }
    SignedDescriptor target = candidates.next();
    PeerId peer = target.descriptor().peer();
    candidateCounted = false;
    Checks mine = checksFor(target);
    boolean stranger = explored != null && target == explored.target();
    boolean probe = // an explored stranger always gets its canary
        stranger || probing.probes(mine, reputation.trusted(peer, step.tag(), TRUSTED), random);
    if (probe) {
      Optional<CanaryFactory.Canary> c =
          stranger ? Optional.of(explored.canary()) : canaries.make(step.tag(), task.input());
      if (c.isPresent()) {
        currentCanary = c.get();
        attempts.canary();
        Task canary = Task.fresh(step.tag(), currentCanary.input(), random);
        if (!stranger && probing.together(random)) { // a stranger's canary always goes first
          return pair(target, canary);
        }
        attempts.count(); // the canary is this candidate's attempt, whatever its placement
        candidateCounted = true;
        return invoke(target, canary, true);
      }
    }
    return invoke(target, task, false);
  }

  /** Sends the canary and the real task together, in a random order. */
  private List<Action> pair(SignedDescriptor target, Task canary) {
    current = target;
    currentTask = task;
    state = State.PAIRED;
    attempts.count();
    boolean canaryFirst = random.nextBoolean();
    pair = canaryFirst ? new Pair(attempt + 1, attempt + 2) : new Pair(attempt + 2, attempt + 1);
    attempt += 2;
    sentAt = clock.millis();
    long timeout = timeout(target);
    List<Action> out = new ArrayList<>();
    for (int n = attempt - 1; n <= attempt; n++) {
      boolean probe = n == pair.canary();
      out.add(
          new Action.Invoke(n, target, probe ? canary : task, probe, checksFor(target).evidence()));
      out.add(new Action.ArmTimeout(n, timeout));
    }
    return out;
  }

  /** When an attempt to {@code target} sent now times out (an explored stranger's: sooner). */
  private long timeout(SignedDescriptor target) {
    long t =
        CandidateRules.timeout(
            target.descriptor(), sentAt, attempts.deadline(), probing.claimFloorMillis());
    return explored != null && target == explored.target() ? Math.min(t, explored.until()) : t;
  }

  private List<Action> invoke(SignedDescriptor target, Task t, boolean probe) {
    current = target;
    currentTask = t;
    attempt++;
    state = probe ? State.PROBING : State.INVOKED;
    if (!probe && !candidateCounted) {
      attempts.count();
    }
    sentAt = clock.millis();
    long timeout = timeout(target);
    return List.of(
        new Action.Invoke(attempt, target, currentTask, probe, checksFor(target).evidence()),
        new Action.ArmTimeout(attempt, timeout));
  }

  /**
   * Checks each candidate by its own risk: {@code perCandidate} gives the checks for a candidate's
   * descriptor (a provider that declares a more harmful side effect than the step's gets the checks
   * of that risk, alone). Call before {@link #start()}.
   */
  Delegation checkingEach(java.util.function.Function<CapabilityDescriptor, Checks> perCandidate) {
    if (state != State.NEW) {
      throw new IllegalStateException("already started");
    }
    candidates.checkingEach(perCandidate);
    noteSkipped();
    return this;
  }

  /**
   * Explores as {@code e} says: when the step explores, one untested stranger of the candidates is
   * tried first, with a canary ({@link Exploration}). Call before {@link #start()}.
   */
  Delegation exploring(Exploration e) {
    if (state != State.NEW) {
      throw new IllegalStateException("already started");
    }
    exploration = e;
    return this;
  }

  /**
   * Falls back to discovery within the step: when the candidates are used up, or all that are left
   * are distrusted, while attempts and time remain, the delegation asks for another answer ({@link
   * Action.Rediscover}, at most {@link #MAX_REDISCOVERIES} times) instead of failing or trying a
   * provider already caught failing. Call before {@link #start()}.
   */
  Delegation rediscovering() {
    if (state != State.NEW) {
      throw new IllegalStateException("already started");
    }
    attempts.allowRediscovery();
    return this;
  }

  /**
   * Discovery answered a {@link Action.Rediscover} with {@code more}, ranked: its providers not
   * offered before go next (the distrusted rest of earlier answers after them).
   */
  public List<Action> onCandidates(List<Match> more) {
    if (state != State.DISCOVERING) {
      return List.of();
    }
    state = State.INVOKED;
    if (candidates.add(more) == 0) {
      attempts.stopRediscovering(); // asking again would bring nothing new
    }
    return tryNext();
  }

  private Checks checksFor(SignedDescriptor d) {
    return candidates.checksFor(d);
  }

  private void noteSkipped() {
    if (candidates.skipped() > 0) {
      attempts.noAttemptBecause(CandidateRules.skipped(candidates.skipped(), checks, verifier));
    }
  }

  /** Candidates left out because they cannot give the evidence the step needs. */
  public int skipped() {
    return candidates.skipped();
  }

  private Action finished(StepOutcome.Status status, String reason) {
    return finished(status, reason, Optional.empty());
  }

  /** The step's end; {@code result}, when present, is the current candidate's accepted result. */
  private Action finished(StepOutcome.Status status, String reason, Optional<TaskResult> result) {
    Optional<PeerId> provider = Optional.ofNullable(current).map(c -> c.descriptor().peer());
    return new Action.Finished(attempts.outcome(status, reason, result, provider));
  }
}
