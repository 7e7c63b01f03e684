package io.ap2p.core.execution;

import io.ap2p.core.discovery.Availability;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Checks;
import io.ap2p.core.trust.QueryScope;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Runs a workflow, sans-I/O: for each step whose dependencies are done, asks the runtime to
 * discover candidates, ranks them under the tier policy, and delegates with the checks of the
 * step's risk (the workflow's marking, raised for a candidate whose descriptor declares worse); the
 * output of a step is the input of the steps that wait for it. The workflow fails at the first
 * failed step.
 *
 * <pre>
 *  start ─► Discover(step) ─► onCandidates ─► Delegation … ─► step done ─► next ready steps
 *                  ▲                                   ├─ step failed ─► Completed(failed)
 *                  └── candidates used up (rediscover) ┘
 *  all steps done ─► Completed(succeeded)
 * </pre>
 */
public final class WorkflowRun {

  /** What the runtime must do. */
  public sealed interface Action {
    /** Find candidates for {@code step}; answer with {@link #onCandidates}. */
    record Discover(String step, Query query) implements Action {}

    /** A delegation action of {@code step}; answer through {@link #delegation(String)}. */
    record StepAction(String step, Delegation.Action action) implements Action {}

    /** The workflow ended. */
    record Completed(WorkflowOutcome outcome) implements Action {}
  }

  /**
   * What a run needs from its requester.
   *
   * @param clock time
   * @param random ids, nonces and canary inputs
   * @param reputation the requester's Tier 1 view (updated by the run)
   * @param canaries Tier 2
   * @param verifier Tier 3
   * @param policy which checks each step gets
   * @param candidatesPerStep how many ranked candidates to consider per step
   * @param probing how canaries are placed, attempts timed and trusted peers spot-checked
   * @param doubtClaims whether unverified claims may not order candidates (policies that use
   *     reputation only): those the requester trusts ({@link
   *     io.ap2p.core.trust.QueryScope#TRUSTED}) first in rank order, strangers next in random
   *     order, those it distrusts last
   * @param scope how each discovery query is scoped with what the reputation view knows (policies
   *     that use reputation only): distrusted providers excluded, trusted ones recalled
   * @param rediscover whether a step falls back to discovery when its candidates are used up or all
   *     that are left are distrusted ({@link Delegation#MAX_REDISCOVERIES} times at most, within
   *     its attempts and deadline), asking again without every provider offered so far
   * @param exploration how often a step tries one untested stranger first, with a canary (policies
   *     that use reputation only; {@link Exploration#OFF}: never)
   * @param attempts each step's attempt budget, the candidates it may try before it fails (an
   *     explored stranger's attempt comes on top), 1 or more, or {@link #POLICY_ATTEMPTS} for the
   *     budget the policy gives the step's risk class
   */
  public record Context(
      Clock clock,
      RandomGenerator random,
      Reputation reputation,
      CanaryFactory canaries,
      ReceiptVerifier verifier,
      TierPolicy policy,
      int candidatesPerStep,
      Probing probing,
      boolean doubtClaims,
      QueryScope scope,
      boolean rediscover,
      Exploration exploration,
      int attempts) {

    /** The attempt budget that leaves each step the one its policy gives its risk class. */
    public static final int POLICY_ATTEMPTS = 0;

    /** Checks the attempt budget. */
    public Context {
      if (attempts < 1 && attempts != POLICY_ATTEMPTS) {
        throw new IllegalArgumentException(
            "attempts must be >= 1 (or POLICY_ATTEMPTS, 0): " + attempts);
      }
    }

    /** {@code policyChecks} with this context's attempt budget, when it sets one. */
    Checks budgeted(Checks policyChecks) {
      return attempts == POLICY_ATTEMPTS ? policyChecks : policyChecks.withMaxAttempts(attempts);
    }

    /** A context with the policy's own attempt budget ({@link #POLICY_ATTEMPTS}). */
    public Context(
        Clock clock,
        RandomGenerator random,
        Reputation reputation,
        CanaryFactory canaries,
        ReceiptVerifier verifier,
        TierPolicy policy,
        int candidatesPerStep,
        Probing probing,
        boolean doubtClaims,
        QueryScope scope,
        boolean rediscover,
        Exploration exploration) {
      this(
          clock,
          random,
          reputation,
          canaries,
          verifier,
          policy,
          candidatesPerStep,
          probing,
          doubtClaims,
          scope,
          rediscover,
          exploration,
          POLICY_ATTEMPTS);
    }

    /** A context that does not explore. */
    public Context(
        Clock clock,
        RandomGenerator random,
        Reputation reputation,
        CanaryFactory canaries,
        ReceiptVerifier verifier,
        TierPolicy policy,
        int candidatesPerStep,
        Probing probing,
        boolean doubtClaims,
        QueryScope scope,
        boolean rediscover) {
      this(
          clock,
          random,
          reputation,
          canaries,
          verifier,
          policy,
          candidatesPerStep,
          probing,
          doubtClaims,
          scope,
          rediscover,
          Exploration.OFF);
    }

    /** A context with unscoped queries and no fallback to discovery. */
    public Context(
        Clock clock,
        RandomGenerator random,
        Reputation reputation,
        CanaryFactory canaries,
        ReceiptVerifier verifier,
        TierPolicy policy,
        int candidatesPerStep,
        Probing probing,
        boolean doubtClaims) {
      this(
          clock,
          random,
          reputation,
          canaries,
          verifier,
          policy,
          candidatesPerStep,
          probing,
          doubtClaims,
          QueryScope.NONE,
          false);
    }

    /** A context ranking candidates by the matcher alone. */
    public Context(
        Clock clock,
        RandomGenerator random,
        Reputation reputation,
        CanaryFactory canaries,
        ReceiptVerifier verifier,
        TierPolicy policy,
        int candidatesPerStep,
        Probing probing) {
      this(
          clock, random, reputation, canaries, verifier, policy, candidatesPerStep, probing, false);
    }

    /** A context probing as the paper does ({@link Probing#PAPER}: the simulator's model). */
    public Context(
        Clock clock,
        RandomGenerator random,
        Reputation reputation,
        CanaryFactory canaries,
        ReceiptVerifier verifier,
        TierPolicy policy,
        int candidatesPerStep) {
      this(clock, random, reputation, canaries, verifier, policy, candidatesPerStep, Probing.PAPER);
    }
  }

  private final Workflow workflow;
  private final Context ctx;
  private final Bytes input;
  private final Map<String, Bytes> stepInputs;
  private final Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
  private final Map<String, Delegation> running = new HashMap<>();
  private boolean completed;

  /** A run of {@code workflow} on {@code input}. */
  public WorkflowRun(Workflow workflow, Bytes input, Context ctx) {
    this(workflow, input, Map.of(), ctx);
  }

  /**
   * A run where the steps named in {@code stepInputs} take that input; every other step takes the
   * output of the first step it waits for, or {@code input} when it waits for none.
   */
  public WorkflowRun(Workflow workflow, Bytes input, Map<String, Bytes> stepInputs, Context ctx) {
    this.workflow = workflow;
    this.input = input;
    this.stepInputs = Map.copyOf(stepInputs);
    this.ctx = ctx;
  }

  /** Starts the steps that wait for nothing. */
  public List<Action> start() {
    return readySteps();
  }

  /**
   * Discovery for {@code step} returned {@code found} (unverified order; ranked here): the step's
   * first answer, or the answer to its delegation's fallback to discovery.
   */
  public List<Action> onCandidates(String step, List<SignedDescriptor> found) {
    if (completed || outcomes.containsKey(step)) {
      return List.of();
    }
    Step s = step(step);
    Delegation inFlight = running.get(step);
    if (inFlight != null) { // ranked (drawing randomness) only when the delegation asked
      return inFlight.discovering() ? wrap(step, inFlight.onCandidates(rank(s, found))) : List.of();
    }
    List<Match> ranked = rank(s, found);
    Checks checks = ctx.budgeted(ctx.policy().checks(s.risk()));
    Delegation d =
        new Delegation(
                s,
                Task.fresh(s.tag(), inputFor(s), ctx.random()),
                ranked,
                checks,
                ctx.clock(),
                ctx.reputation(),
                ctx.canaries(),
                ctx.verifier(),
                ctx.random(),
                ctx.probing())
            // each candidate at the step's risk, or at the higher one its own descriptor declares
            // (a provider may declare more harm than the workflow expected, never less; one that
            // does cannot raise the checks of the others)
            .checkingEach(
                desc -> {
                  RiskClass declared = RiskClass.of(desc.constraints().sideEffect());
                  return ctx.budgeted(
                      ctx.policy().checks(declared.compareTo(s.risk()) > 0 ? declared : s.risk()));
                });
    if (ctx.rediscover()) {
      d.rediscovering();
    }
    if (checks.useReputation()) { // policies that trust claims have no strangers to explore
      d.exploring(ctx.exploration());
    }
    running.put(step, d);
    return wrap(step, d.start());
  }

  /** {@code found} ranked for {@code s} under the policy and the context's view. */
  private List<Match> rank(Step s, List<SignedDescriptor> found) {
    boolean useReputation = ctx.policy().checks(s.risk()).useReputation();
    Matcher matcher =
        new Matcher(useReputation ? RankingWeights.DEFAULT : RankingWeights.ANNOUNCEMENTS_ONLY);
    TrustView view = useReputation ? ctx.reputation() : TrustView.NONE;
    List<Match> ranked = matcher.rank(query(s), found, view);
    if (useReputation && ctx.doubtClaims()) {
      ranked = doubting(ranked, s);
    }
    if (ctx.policy().uniformAmongMatches()) {
      ranked = shuffled(ranked); // naive-random: a plain directory's answer, claims ignored
    }
    if (useReputation) {
      ranked = availableFirst(ranked);
    }
    return ranked;
  }

  /**
   * {@code ranked} with the candidates that announce themselves available first, each group in rank
   * order. A provider's own admission that it is degraded or unavailable is believed (no one gains
   * by claiming to be worse), while a record earned before it degraded would otherwise rank it
   * above fresh peers: under fast drift that put degraded providers, wrong three times in ten,
   * first (paper-ttl, issue 15 item 7).
   */
  static List<Match> availableFirst(List<Match> ranked) {
    List<Match> out = new ArrayList<>(ranked.size());
    List<Match> later = new ArrayList<>();
    for (Match m : ranked) {
      if (m.descriptor().descriptor().state().availability() == Availability.AVAILABLE) {
        out.add(m);
      } else {
        later.add(m);
      }
    }
    out.addAll(later);
    return out;
  }

  /** Trusted first, strangers shuffled (their claims unverified), distrusted last. */
  private List<Match> doubting(List<Match> ranked, Step s) {
    List<Match> trusted = new ArrayList<>();
    List<Match> strangers = new ArrayList<>();
    List<Match> distrusted = new ArrayList<>();
    for (Match m : ranked) {
      double score = ctx.reputation().score(m.descriptor().descriptor().peer(), s.tag());
      (score >= io.ap2p.core.trust.QueryScope.TRUSTED
              ? trusted
              : score < 0 ? distrusted : strangers)
          .add(m);
    }
    trusted.addAll(shuffled(strangers));
    trusted.addAll(distrusted);
    return trusted;
  }

  /** {@code list} in uniformly random order (Fisher-Yates from the context's random source). */
  private List<Match> shuffled(List<Match> list) {
    List<Match> out = new ArrayList<>(list);
    for (int i = out.size() - 1; i > 0; i--) {
      int k = ctx.random().nextInt(i + 1);
      out.set(k, out.set(i, out.get(k)));
    }
    return out;
  }

  /** Passes an event to {@code step}'s delegation: use the returned list as the run's actions. */
  public List<Action> onResult(String step, int attempt, TaskResult result) {
    Delegation d = running.get(step);
    return d == null ? List.of() : wrap(step, d.onResult(attempt, result));
  }

  /** An error for an attempt of {@code step}. */
  public List<Action> onError(String step, int attempt, String reason) {
    Delegation d = running.get(step);
    return d == null ? List.of() : wrap(step, d.onError(attempt, reason));
  }

  /** A timeout of an attempt of {@code step}. */
  public List<Action> onTimeout(String step, int attempt) {
    Delegation d = running.get(step);
    return d == null ? List.of() : wrap(step, d.onTimeout(attempt));
  }

  /** Cancels every running step and ends the run. */
  public List<Action> cancel() {
    List<Action> out = new ArrayList<>();
    for (String name : List.copyOf(running.keySet())) {
      out.addAll(wrap(name, running.get(name).cancel()));
    }
    if (!completed) {
      completed = true;
      out.add(new Action.Completed(new WorkflowOutcome(false, outcomes)));
    }
    return out;
  }

  /**
   * The query a step's discovery should ask: scoped by the context's {@link QueryScope} when the
   * policy uses reputation.
   */
  public Query query(Step s) {
    Query q =
        s.intent().isEmpty()
            ? Query.forTag(s.tag(), ctx.candidatesPerStep())
            : Query.text(s.intent(), List.of(s.tag()), ctx.candidatesPerStep());
    return ctx.policy().checks(s.risk()).useReputation()
        ? ctx.scope().apply(q, ctx.reputation())
        : q;
  }

  /**
   * The query of a fallback to discovery: the step's query leaving out {@code offered} (first
   * first) before anyone its scope excludes, within {@link Query#MAX_EXCLUDE}; none of them
   * recalled.
   */
  Query requery(Step s, Set<PeerId> offered) {
    Query q = query(s);
    Set<PeerId> exclude = new LinkedHashSet<>();
    for (PeerId p : offered) {
      if (exclude.size() < Query.MAX_EXCLUDE) {
        exclude.add(p);
      }
    }
    for (PeerId p : q.exclude()) {
      if (exclude.size() < Query.MAX_EXCLUDE) {
        exclude.add(p);
      }
    }
    List<PeerId> recall = q.recall().stream().filter(p -> !exclude.contains(p)).toList();
    return q.scoped(exclude, recall, 0);
  }

  private List<Action> wrap(String step, List<Delegation.Action> actions) {
    List<Action> out = new ArrayList<>();
    for (Delegation.Action a : actions) {
      if (a instanceof Delegation.Action.Rediscover r) {
        out.add(new Action.Discover(step, requery(step(step), r.exclude())));
        continue;
      }
      out.add(new Action.StepAction(step, a));
      if (a instanceof Delegation.Action.Finished f) {
        running.remove(step);
        outcomes.put(step, f.outcome());
        if (!f.outcome().succeeded()) {
          out.addAll(cancel());
        } else {
          out.addAll(readySteps());
        }
      }
    }
    return out;
  }

  private List<Action> readySteps() {
    if (completed) {
      return List.of();
    }
    if (outcomes.size() == workflow.steps().size()) {
      completed = true;
      return List.of(new Action.Completed(new WorkflowOutcome(true, outcomes)));
    }
    List<Action> out = new ArrayList<>();
    for (Step s : workflow.steps()) {
      if (!outcomes.containsKey(s.name())
          && !running.containsKey(s.name())
          && s.after().stream()
              .allMatch(a -> outcomes.containsKey(a) && outcomes.get(a).succeeded())) {
        out.add(new Action.Discover(s.name(), query(s)));
      }
    }
    return out;
  }

  private Bytes inputFor(Step s) {
    Bytes explicit = stepInputs.get(s.name());
    if (explicit != null) {
      return explicit;
    }
    if (s.after().isEmpty()) {
      return input;
    }
    return outcomes.get(s.after().get(0)).result().map(TaskResult::output).orElse(input);
  }

  private Step step(String name) {
    for (Step s : workflow.steps()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no step " + name);
  }
}
