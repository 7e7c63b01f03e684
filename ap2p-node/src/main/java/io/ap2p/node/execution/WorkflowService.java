package io.ap2p.node.execution;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorCheck;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.execution.Delegation;
import io.ap2p.core.execution.StepOutcome;
import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.execution.WorkflowDriver;
import io.ap2p.core.execution.WorkflowOutcome;
import io.ap2p.core.execution.WorkflowRun;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.multiaddr.MultiaddrException;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
   */
  public record Settings(
      TierPolicy policy,
      int candidatesPerStep,
      Duration receiptSkew,
      TaskLimits limits,
      java.util.Set<PeerId> attestors) {
    /** Risk-aware policy, 10 candidates per step, 5 s skew, the protocol's limits, no attestor. */
    public static final Settings DEFAULTS =
        new Settings(
            TierPolicy.RISK_AWARE,
            10,
            Duration.ofSeconds(5),
            TaskLimits.PROTOCOL,
            java.util.Set.of());

    /** Copies the set. */
    public Settings {
      attestors = java.util.Set.copyOf(attestors);
    }
  }

  private static final System.Logger LOG = System.getLogger(WorkflowService.class.getName());

  /**
   * Most runs kept in memory for the local API, outputs included (the database keeps every run's
   * record); beyond it the oldest finished run is dropped.
   */
  static final int MAX_RUNS = 256;

  private final Host host;
  private final Clock clock;
  private final CandidateSource source;
  private final DescriptorCheck check;
  private final ExecutionLog log;
  private final Settings settings;
  private final Reputation reputation = Reputation.defaults();
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock lock = new ReentrantLock();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("task-timer").factory());
  private final java.util.concurrent.ExecutorService logWriter =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("task-log").factory());
  private final Map<String, Active> runs = new java.util.LinkedHashMap<>(); // start order; lock

  /** A service delegating from {@code host}. */
  public WorkflowService(
      Host host,
      Clock clock,
      CandidateSource source,
      DescriptorCheck check,
      ExecutionLog log,
      Settings settings) {
    this.host = host;
    this.clock = clock;
    this.source = source;
    this.check = check;
    this.log = log;
    this.settings = settings;
  }

  /** Starts {@code spec}; {@code kind} is "invoke" or "workflow". */
  public TaskRun start(WorkflowSpec spec, String kind) {
    String id = newId();
    TaskRun run = new TaskRun(id, kind, spec);
    Active a = new Active(run);
    WorkflowRun core =
        new WorkflowRun(
            spec.workflow(),
            Bytes.EMPTY,
            spec.inputBytes(),
            new WorkflowRun.Context(
                clock,
                random,
                reputation,
                new CanaryFactory((tag, input) -> Optional.empty(), random),
                new ReceiptVerifier(settings.attestors(), settings.receiptSkew().toMillis()),
                settings.policy(),
                settings.candidatesPerStep()));
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
      Active a = runs.get(id);
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

  /** The requester's reputation view (Tier 1), shared by every run. */
  public Reputation reputation() {
    return reputation;
  }

  /**
   * Replays recorded outcomes into the reputation view (at start, from the database); a record that
   * no longer parses is skipped.
   */
  public void restore(List<io.ap2p.node.store.Outcome> outcomes) {
    locked(
        () -> {
          for (io.ap2p.node.store.Outcome o : outcomes) {
            try {
              reputation.record(
                  PeerId.parse(o.peer()),
                  new io.ap2p.core.discovery.CapabilityTag(o.tag()),
                  o.ok());
            } catch (io.ap2p.core.identity.KeyFormatException | IllegalArgumentException e) {
              // a damaged record: skipped
            }
          }
        });
  }

  /**
   * Writes a record to the execution log on the log writer, in order, outside the service's lock: a
   * durable commit must not hold up every other run's callbacks.
   */
  private void record(Runnable write) {
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

  private void locked(Runnable r) {
    lock.lock();
    try {
      r.run();
    } finally {
      lock.unlock();
    }
  }

  /** One run in flight: the runtime its driver calls, and the listener it reports to. */
  private final class Active implements WorkflowDriver.Runtime, WorkflowDriver.Listener {
    final TaskRun run;
    WorkflowDriver driver;
    boolean cancelled;
    final Map<String, TaskClient> attempts = new HashMap<>();
    final Map<TaskResult, String> mediaTypes = new IdentityHashMap<>();
    final Map<TaskResult, String> capabilities = new IdentityHashMap<>();
    final Map<String, String> outputMedia = new HashMap<>();

    Active(TaskRun run) {
      this.run = run;
    }

    @Override
    public void discover(String step, Query query, java.util.function.Consumer<List<Bytes>> cb) {
      run.stepStarted(step);
      Thread.ofVirtual()
          .name("discover " + step)
          .start(
              () -> {
                List<Bytes> got;
                try {
                  got = source.find(query);
                } catch (IOException | RuntimeException e) {
                  run.attemptFailed(step, "discovery failed: " + e.getMessage());
                  got = List.of();
                }
                List<Bytes> answer = got;
                guarded(() -> cb.accept(answer));
              });
    }

    @Override
    public void invoke(
        String step, Delegation.Action.Invoke inv, long deadline, WorkflowDriver.Reply reply) {
      CapabilityDescriptor target = inv.target().descriptor();
      long maxInput = target.constraints().maxInputBytes();
      if (inv.task().input().length() > maxInput) {
        // the provider would refuse it: do not send what its own descriptor rules out (answered
        // after this call returns, as every reply is: the driver is not re-entered)
        String why =
            "INPUT_TOO_LARGE: input of "
                + inv.task().input().length()
                + " bytes > the descriptor's maxInputBytes "
                + maxInput
                + " (not sent)";
        Thread.ofVirtual().start(() -> guarded(() -> reply.error(why)));
        return;
      }
      TaskClient client = new TaskClient(settings.limits());
      String key = step + "#" + inv.attempt();
      attempts.put(key, client);
      CapabilityDescriptor d = inv.target().descriptor();
      String media = mediaTypeOf(step);
      long budget = Math.max(1, deadline - clock.millis());
      TaskMessage.Invoke message;
      try {
        message =
            new TaskMessage.Invoke(
                // one id per attempt: a fallback to another capability of the same provider is a
                // new task to it, not a reuse of the id it already served (which it refuses)
                inv.task().id() + "-" + inv.attempt(),
                d.id(),
                d.seq(),
                media,
                inv.task().input().length(),
                Math.min(budget, settings.limits().maxDeadlineMillis()),
                inv.task().nonce(),
                inv.receiptWanted());
      } catch (IllegalArgumentException e) {
        // a value the wire cannot carry fails this attempt (answered after this call returns)
        String why = "cannot send the task: " + e.getMessage();
        attempts.remove(key);
        Thread.ofVirtual().start(() -> guarded(() -> reply.error(why)));
        return;
      }
      Thread.ofVirtual()
          .name("attempt " + key)
          .start(
              () -> {
                TaskClient.Outcome o;
                try {
                  Connection c = connect(d);
                  o =
                      client.call(
                          c,
                          message,
                          inv.task().input(),
                          Duration.ofMillis(budget + 1000),
                          (f, m) -> {
                            if (!inv.probe()) {
                              run.progress(step, f, m);
                            }
                          });
                } catch (IOException e) {
                  o =
                      new TaskClient.Outcome.Broken(
                          "cannot reach " + d.peer() + ": " + e.getMessage());
                } catch (RuntimeException e) {
                  LOG.log(System.Logger.Level.WARNING, "attempt " + key + " failed", e);
                  o = new TaskClient.Outcome.Broken("internal error: " + e);
                }
                TaskClient.Outcome outcome = o;
                guarded(
                    () -> {
                      attempts.remove(key);
                      switch (outcome) {
                        case TaskClient.Outcome.Completed c -> {
                          mediaTypes.put(c.result(), c.mediaType());
                          capabilities.put(c.result(), d.id());
                          reply.result(c.result());
                        }
                        case TaskClient.Outcome.Failed f ->
                            reply.error(f.code().name() + ": " + f.message());
                        case TaskClient.Outcome.Broken b -> reply.error(b.reason());
                      }
                    });
              });
    }

    @Override
    public void abort(String step, Delegation.Action.Abort abort) {
      TaskClient c = attempts.remove(step + "#" + abort.attempt());
      if (c != null) {
        c.cancel(cancelled ? "cancelled by the requester" : "abandoned");
      }
    }

    @Override
    public void at(long atMillis, Runnable task) {
      timers.schedule(
          () -> guarded(task), Math.max(0, atMillis - clock.millis()), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs a driver callback under the service's lock; a failure of ours inside it ends this run as
     * FAILED instead of leaving it RUNNING forever.
     */
    void guarded(Runnable callback) {
      locked(
          () -> {
            try {
              callback.run();
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "run " + run.id() + " failed", e);
              if (!run.done().isDone()) {
                driver.cancel();
              }
            }
          });
    }

    @Override
    public void attempt(String step, int attempt, PeerId provider, boolean probe) {
      run.attemptStarted(step, provider, probe);
    }

    @Override
    public void attemptFailed(String step, int attempt, String reason) {
      run.attemptFailed(step, reason);
    }

    @Override
    public void stepFinished(String step, StepOutcome outcome) {
      String tag = run.spec().step(step).map(s -> s.tag().value()).orElse("");
      long now = clock.millis();
      for (StepOutcome.Failure f : outcome.failures()) {
        record(() -> log.outcome(f.provider(), tag, false, "attempt", now));
      }
      if (outcome.succeeded() && outcome.provider().isPresent()) {
        // an accepted result (its receipt checked where the step's risk asks for one) counts for
        // the provider; failed attempts were counted against theirs by the delegation
        reputation.record(outcome.provider().get(), run.spec().step(step).get().tag(), true);
        PeerId provider = outcome.provider().get();
        record(() -> log.outcome(provider, tag, true, "result", now));
      }
      String media = "";
      String capability = "";
      if (outcome.result().isPresent()) {
        TaskResult r = outcome.result().get();
        media = mediaTypes.getOrDefault(r, "application/octet-stream");
        capability = capabilities.getOrDefault(r, "");
        outputMedia.put(step, media);
        Optional<SignedReceipt> receipt = r.receipt();
        if (receipt.isPresent() && outcome.provider().isPresent()) {
          String cap = capability;
          long at = clock.millis();
          record(
              () ->
                  log.receiptReceived(
                      run.id() + "/" + step, receipt.get(), outcome.provider().get(), cap, at));
        }
      }
      run.stepFinished(step, outcome, capability, media);
    }

    @Override
    public void completed(WorkflowOutcome outcome) {
      run.completed(outcome, cancelled);
      TaskRun.Snapshot s = run.snapshot();
      long at = clock.millis();
      record(() -> log.delegationUpdated(run.id(), s.state().name(), s.detail(), "", at));
    }

    /** The media type of {@code step}'s input: its own, or its predecessor's output's. */
    private String mediaTypeOf(String step) {
      WorkflowSpec.StepInput own = run.spec().inputs().get(step);
      if (own != null) {
        return own.mediaType();
      }
      return run.spec()
          .step(step)
          .filter(s -> !s.after().isEmpty())
          .map(s -> outputMedia.getOrDefault(s.after().get(0), "application/octet-stream"))
          .orElse("application/octet-stream");
    }

    private Connection connect(CapabilityDescriptor d) throws IOException {
      PeerId peer = d.peer();
      Optional<Connection> existing = host.connectionTo(peer);
      if (existing.isPresent()) {
        return existing.get();
      }
      IOException last = new IOException("the descriptor lists no address");
      for (String a : d.addrs()) {
        try {
          Multiaddr m = Multiaddr.parse(a);
          if (m.peerId().isPresent() && !m.peerId().get().equals(peer)) {
            continue; // an address of someone else: never dial it for this provider
          }
          return host.connect(m.peerId().isPresent() ? m : m.withPeerId(peer));
        } catch (MultiaddrException e) {
          last = new IOException("bad address " + a + ": " + e.getMessage());
        } catch (IOException e) {
          last = e;
        }
      }
      throw last;
    }
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
