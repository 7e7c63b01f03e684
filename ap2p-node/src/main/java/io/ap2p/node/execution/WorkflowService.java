package io.ap2p.node.execution;

import io.ap2p.core.discovery.DescriptorCheck;
import io.ap2p.core.execution.CanaryPlacement;
import io.ap2p.core.execution.Probing;
import io.ap2p.core.execution.WorkflowDriver;
import io.ap2p.core.execution.WorkflowRun;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requester's side on a real node: runs delegated tasks and workflows with ap2p-core's {@link
 * WorkflowDriver} (the orchestration the simulator runs too), finding candidates through a {@link
 * CandidateSource}, sending attempts with {@link TaskClient} and timing out on the wall clock. Runs
 * are kept by id for the local API; every driver callback runs under one lock.
 */
public final class WorkflowService implements AutoCloseable {

  /**
   * How this node delegates.
   *
   * @param policy which checks each step gets, by risk
   * @param candidatesPerStep ranked candidates considered per step
   * @param receiptSkew clock difference tolerated between requester and provider in receipts
   * @param limits the task protocol's limits on answers
   * @param attestors the attestors whose countersignatures this requester trusts; with none,
   *     attestation is never required
   * @param defences the Sybil-resistance mechanisms of this requester's discovery and ranking
   */
  public record Settings(
      TierPolicy policy,
      int candidatesPerStep,
      Duration receiptSkew,
      TaskLimits limits,
      java.util.Set<PeerId> attestors,
      RequesterDefences defences) {

    /** Settings without defences ({@link RequesterDefences#NONE}). */
    public Settings(
        TierPolicy policy,
        int candidatesPerStep,
        Duration receiptSkew,
        TaskLimits limits,
        java.util.Set<PeerId> attestors) {
      this(policy, candidatesPerStep, receiptSkew, limits, attestors, RequesterDefences.NONE);
    }

    /**
     * Risk-aware policy, 10 candidates per step, 5 s skew, the protocol's limits, no attestor, no
     * defences.
     */
    public static final Settings DEFAULTS =
        new Settings(
            TierPolicy.RISK_AWARE,
            10,
            Duration.ofSeconds(5),
            TaskLimits.PROTOCOL,
            java.util.Set.of());

    /** These settings with {@code policy}, pinned {@code attestors} and {@code defences}. */
    public Settings trusting(
        TierPolicy policy, java.util.Set<PeerId> attestors, RequesterDefences defences) {
      return new Settings(policy, candidatesPerStep, receiptSkew, limits, attestors, defences);
    }

    /** Copies the set. */
    public Settings {
      attestors = java.util.Set.copyOf(attestors);
    }
  }

  /** Probability that a peer this node trusts is sent a canary anyway. */
  static final double SPOT_CHECKS = 0.2;

  /** The least time an attempt gets when held to its provider's latency claims. */
  static final long CLAIM_FLOOR_MILLIS = 1_500;

  /**
   * How a real requester probes: each canary before or beside its real task, at random (no rule on
   * order or timing tells a provider which is which: docs/verification.md); each attempt held to
   * its provider's latency claims (one claiming 12 ms that stays silent is given up after 1.5 s,
   * not at the descriptor's deadline); trusted peers spot-checked one time in five.
   */
  static final Probing PROBING =
      new Probing(CanaryPlacement.MIXED, CLAIM_FLOOR_MILLIS, SPOT_CHECKS);

  private static final System.Logger LOG = System.getLogger(WorkflowService.class.getName());

  /**
   * Most runs kept in memory for the local API, outputs included (the database keeps every run's
   * record); beyond it the oldest finished run is dropped.
   */
  static final int MAX_RUNS = 256;

  /** How fast the reputation view forgets: evidence halves in weight every 7 days. */
  public static final Duration REPUTATION_HALF_LIFE = Duration.ofDays(7);

  /** Most (peer, tag) entries the reputation view holds. */
  public static final int REPUTATION_ENTRIES = 100_000;

  private final Host host;
  private final Clock clock;
  private final CandidateSource source;
  private final DescriptorCheck check;
  private final ExecutionLog log;
  private final Settings settings;
  private final CanaryFactory.Source canarySource;
  private final Reputation reputation;
  private volatile Reciprocity reciprocity = new Reciprocity(ExecutionLimits.Incentives.OPEN);
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock lock = new ReentrantLock();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("task-timer").factory());
  private final java.util.concurrent.ExecutorService logWriter =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("task-log").factory());
  private volatile java.util.function.BiConsumer<
          List<PeerId>, List<io.ap2p.core.discovery.CapabilityTag>>
      beforeRanking = (peers, tags) -> {};
  private volatile ExecutionEvents events = ExecutionEvents.NONE;
  private final Map<String, DelegatedRun> runs =
      new java.util.LinkedHashMap<>(); // start order; lock

  /**
   * A service delegating from {@code host}, with canaries for the built-in deterministic skills
   * only.
   */
  public WorkflowService(
      Host host,
      Clock clock,
      CandidateSource source,
      DescriptorCheck check,
      ExecutionLog log,
      Settings settings) {
    this(host, clock, source, check, log, settings, null);
  }

  /**
   * A service delegating from {@code host}, taking canaries from {@code canaries} (null: the
   * built-in deterministic skills only).
   */
  public WorkflowService(
      Host host,
      Clock clock,
      CandidateSource source,
      DescriptorCheck check,
      ExecutionLog log,
      Settings settings,
      CanaryFactory.Source canaries) {
    this.canarySource =
        canaries != null ? canaries : new io.ap2p.node.trust.canary.BuiltInCanaries(this.random);
    this.host = host;
    this.clock = clock;
    this.source = source;
    this.check = check;
    this.log = log;
    this.settings = settings;
    this.reputation = Reputation.aging(clock, REPUTATION_HALF_LIFE, REPUTATION_ENTRIES);
  }

  /** Starts {@code spec}; {@code kind} is "invoke" or "workflow". */
  public TaskRun start(WorkflowSpec spec, String kind) {
    String id = newId();
    TaskRun run = new TaskRun(id, kind, spec);
    DelegatedRun a = new DelegatedRun(this, run);
    WorkflowRun core =
        new WorkflowRun(
            spec.workflow(),
            Bytes.EMPTY,
            spec.inputBytes(),
            new WorkflowRun.Context(
                clock,
                random,
                reputation,
                new CanaryFactory(canarySource),
                new ReceiptVerifier(settings.attestors(), settings.receiptSkew().toMillis()),
                spec.policy().orElse(settings.policy()),
                settings.candidatesPerStep(),
                PROBING,
                settings.defences().doubt(),
                settings.defences().scope(),
                settings.defences().rediscover(),
                settings.defences().exploration()));
    a.driver = new WorkflowDriver(core, a, check, a);
    locked(
        () -> {
          if (runs.size() >= MAX_RUNS) {
            runs.values().stream()
                .filter(r -> r.run.done().isDone())
                .findFirst()
                .ifPresent(r -> runs.remove(r.run.id()));
          }
          runs.put(id, a);
        });
    log.delegated(id, kind, spec.workflow().name(), clock.millis());
    run.running();
    a.guarded(() -> a.driver.start());
    return run;
  }

  /** The run {@code id}, if this node still holds it. */
  public Optional<TaskRun> get(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(runs.get(id)).map(a -> a.run);
    } finally {
      lock.unlock();
    }
  }

  /** The runs held, oldest first. */
  public List<TaskRun> runs() {
    lock.lock();
    try {
      return runs.values().stream().map(a -> a.run).toList();
    } finally {
      lock.unlock();
    }
  }

  /** Cancels run {@code id}: running attempts get CANCEL. False if unknown or already ended. */
  public boolean cancel(String id) {
    lock.lock();
    try {
      DelegatedRun a = runs.get(id);
      if (a == null || a.run.done().isDone()) {
        return false;
      }
      a.cancelled = true;
      a.driver.cancel();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The requester's reputation view (Tier 1), shared by every run; read or change it only through
   * {@link #withReputation} outside the runs' callbacks.
   */
  public Reputation reputation() {
    return reputation;
  }

  /** Applies {@code f} to the reputation view under the lock every run's callbacks share. */
  public <T> T withReputation(java.util.function.Function<Reputation, T> f) {
    lock.lock();
    try {
      return f.apply(reputation);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replays recorded outcomes into the reputation view (at start, from the database), each aged
   * from the time it was recorded; a record that no longer parses is skipped.
   */
  public void restore(List<io.ap2p.node.store.Outcome> outcomes) {
    locked(
        () -> {
          for (io.ap2p.node.store.Outcome o : outcomes) {
            try {
              reputation.record(
                  PeerId.parse(o.peer()),
                  new io.ap2p.core.discovery.CapabilityTag(o.tag()),
                  o.ok(),
                  o.atMillis());
            } catch (io.ap2p.core.identity.KeyFormatException | IllegalArgumentException e) {
              // a damaged record: skipped
            }
          }
        });
  }

  /**
   * Sets what runs, on discovery's thread and before the run ranks them, with the providers a
   * discovery answer names (verified descriptors only) and the tags asked for; signed feedback asks
   * about them here. It must return within a bounded time: the step waits for it.
   */
  public void beforeRanking(
      java.util.function.BiConsumer<List<PeerId>, List<io.ap2p.core.discovery.CapabilityTag>>
          hook) {
    this.beforeRanking = hook;
  }

  /** Hands the providers of {@code answer} to the {@link #beforeRanking} hook; never throws. */
  void candidatesFound(List<Bytes> answer, List<io.ap2p.core.discovery.CapabilityTag> tags) {
    var hook = beforeRanking;
    try {
      List<PeerId> peers = new java.util.ArrayList<>();
      for (Bytes b : answer) {
        if (check.validate(b, Optional.empty())
                instanceof
                io.ap2p.core.verdict.Verdict.Accepted<io.ap2p.core.discovery.SignedDescriptor> ok
            && !peers.contains(ok.value().descriptor().peer())) {
          peers.add(ok.value().descriptor().peer());
        }
      }
      hook.accept(peers, tags);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "before-ranking hook failed", e);
    }
  }

  /**
   * Writes a record to the execution log on the log writer, in order, outside the service's lock: a
   * durable commit must not hold up every other run's callbacks.
   */
  void record(Runnable write) {
    try {
      logWriter.execute(write);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      write.run(); // closing: write it here
    }
  }

  private String newId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return Bytes.wrap(b).toHex();
  }

  void locked(Runnable r) {
    lock.lock();
    try {
      r.run();
    } finally {
      lock.unlock();
    }
  }

  CandidateSource source() {
    return source;
  }

  /** Reports the verification checks of every run to {@code e} from now on (metrics). */
  public void events(ExecutionEvents e) {
    this.events = java.util.Objects.requireNonNull(e);
  }

  ExecutionEvents events() {
    return events;
  }

  Settings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }

  /** Credits providers whose receipts this node accepts in {@code r}'s ledger; mints its stamps. */
  public void reciprocity(Reciprocity r) {
    this.reciprocity = java.util.Objects.requireNonNull(r, "reciprocity");
  }

  Reciprocity reciprocity() {
    return reciprocity;
  }

  Host host() {
    return host;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  ExecutionLog log() {
    return log;
  }

  /** Stops the timers; runs in flight end when their attempts do. */
  @Override
  public void close() {
    for (TaskRun r : runs()) {
      cancel(r.id());
    }
    timers.shutdownNow();
    logWriter.shutdown();
    try {
      if (!logWriter.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "task log writes still pending at close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
