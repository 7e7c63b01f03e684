package io.ap2p.node.execution;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.execution.Delegation;
import io.ap2p.core.execution.StepOutcome;
import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.execution.WorkflowDriver;
import io.ap2p.core.execution.WorkflowOutcome;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.multiaddr.MultiaddrException;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One delegated run in flight: the runtime its driver calls, and the listener it reports to. */
final class DelegatedRun implements WorkflowDriver.Runtime, WorkflowDriver.Listener {

  private static final System.Logger LOG = System.getLogger(DelegatedRun.class.getName());

  private final WorkflowService service;
  final TaskRun run;
  WorkflowDriver driver;
  boolean cancelled;
  final Map<String, TaskClient> attempts = new HashMap<>();
  final Map<TaskResult, String> mediaTypes = new IdentityHashMap<>();
  final Map<TaskResult, String> capabilities = new IdentityHashMap<>();

  /** What was sent for a result: for the evidence kept of its step. */
  record Sent(SignedDescriptor target, String taskId, Bytes requestDigest, Bytes nonce) {}

  final Map<TaskResult, Sent> sent = new IdentityHashMap<>();
  final Map<String, String> outputMedia = new HashMap<>();

  /** Per step, the providers sent a canary. */
  private final Map<String, java.util.Set<PeerId>> probed = new HashMap<>();

  DelegatedRun(WorkflowService service, TaskRun run) {
    this.service = service;
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
                got = service.source().find(query);
              } catch (IOException | RuntimeException e) {
                run.attemptFailed(step, "discovery failed: " + e.getMessage());
                got = List.of();
              }
              List<Bytes> answer = got;
              // feedback about providers this node has no record of, before they are ranked
              // (bounded: the hook returns within its own timeout)
              service.candidatesFound(answer, query.tags());
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
    TaskClient client = new TaskClient(service.settings().limits());
    String key = step + "#" + inv.attempt();
    attempts.put(key, client);
    CapabilityDescriptor d = inv.target().descriptor();
    String media = mediaTypeOf(step);
    long budget = Math.max(1, deadline - service.clock().millis());
    TaskMessage.Invoke message;
    try {
      // one id per attempt: a fallback to another capability of the same provider is a new task
      // to it, not a reuse of the id it already served (which it refuses)
      message =
          inv.message(
              inv.task().id() + "-" + inv.attempt(),
              media,
              Math.min(budget, service.settings().limits().maxDeadlineMillis()));
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
              long started = System.nanoTime();
              TaskClient.Outcome o;
              try {
                Connection c = connect(d);
                TaskClient.ProgressListener onProgress =
                    (f, m) -> {
                      if (!inv.probe()) {
                        run.progress(step, f, m);
                      }
                    };
                o =
                    client.call(
                        c,
                        message,
                        inv.task().input(),
                        Duration.ofMillis(budget + 1000),
                        onProgress);
                Optional<TaskMessage.Invoke> stamped =
                    Stamps.retry(o, message, c, service, deadline);
                if (stamped.isPresent()) {
                  // the provider asks a stranger for a proof of work: mint it and ask once more
                  TaskClient again = new TaskClient(service.settings().limits());
                  attempts.put(key, again);
                  long left = Math.max(1, deadline - service.clock().millis());
                  o =
                      again.call(
                          c,
                          stamped.get(),
                          inv.task().input(),
                          Duration.ofMillis(left + 1000),
                          onProgress);
                }
              } catch (IOException e) {
                o =
                    new TaskClient.Outcome.Broken(
                        "cannot reach " + d.peer() + ": " + e.getMessage());
              } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "attempt " + key + " failed", e);
                o = new TaskClient.Outcome.Broken("internal error: " + e);
              }
              TaskClient.Outcome outcome = o;
              if (inv.probe()) {
                // the cost of Tier 2: payload bytes both ways and the time to the answer
                long moved =
                    inv.task().input().length()
                        + (o instanceof TaskClient.Outcome.Completed c
                            ? c.result().output().length()
                            : 0);
                run.canaryAnswered(step, moved, (System.nanoTime() - started) / 1_000_000);
              }
              guarded(
                  () -> {
                    attempts.remove(key);
                    switch (outcome) {
                      case TaskClient.Outcome.Completed c -> {
                        mediaTypes.put(c.result(), c.mediaType());
                        capabilities.put(c.result(), d.id());
                        sent.put(
                            c.result(),
                            new Sent(
                                inv.target(),
                                message.taskId(),
                                io.ap2p.core.trust.Digests.sha256(inv.task().input()),
                                message.nonce()));
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
    service
        .timers()
        .schedule(
            () -> guarded(task),
            Math.max(0, atMillis - service.clock().millis()),
            TimeUnit.MILLISECONDS);
  }

  /**
   * Runs a driver callback under the service's lock; a failure of ours inside it ends this run as
   * FAILED instead of leaving it RUNNING forever.
   */
  void guarded(Runnable callback) {
    service.locked(
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
    if (probe) {
      probed.computeIfAbsent(step, x -> new java.util.HashSet<>()).add(provider);
    }
    run.attemptStarted(step, provider, probe);
  }

  @Override
  public void attemptFailed(String step, int attempt, String reason) {
    run.attemptFailed(step, reason);
  }

  /**
   * The kind of a failed attempt, from the delegation's reason: "canary" (answered wrongly),
   * "receipt" (evidence rejected), "timeout", or "error" (an error answer or an unreachable peer).
   */
  static String failureKind(String reason) {
    if (reason.startsWith("canary answered wrongly")) {
      return "canary";
    }
    if (reason.startsWith("evidence rejected")) {
      return "receipt";
    }
    if (reason.endsWith(" timed out")) {
      return "timeout";
    }
    return "error";
  }

  @Override
  public void stepFinished(String step, StepOutcome outcome) {
    String tag = run.spec().step(step).map(s -> s.tag().value()).orElse("");
    long now = service.clock().millis();
    for (StepOutcome.Failure f : outcome.failures()) {
      String kind = failureKind(f.reason());
      if (kind.equals("canary") || kind.equals("receipt")) {
        service.events().checked(kind.equals("canary") ? 2 : 3, kind, false);
      }
      service.record(() -> service.log().outcome(f.provider(), tag, false, kind, now));
    }
    if (outcome.succeeded() && outcome.provider().isPresent()) {
      // an accepted result (its receipt checked where the step's risk asks for one) counts for
      // the provider; failed attempts were counted against theirs by the delegation
      service
          .reputation()
          .record(outcome.provider().get(), run.spec().step(step).get().tag(), true);
      PeerId provider = outcome.provider().get();
      if (probed.getOrDefault(step, java.util.Set.of()).contains(provider)) {
        // its result is accepted only after its canary passed (before or alongside)
        service.record(() -> service.log().outcome(provider, tag, true, "canary", now));
        service.events().checked(2, "canary", true);
      }
      io.ap2p.core.execution.Step s = run.spec().step(step).get();
      if (run.spec().policy().orElse(service.settings().policy()).checks(s.risk()).evidence()) {
        service.events().checked(3, "receipt", true); // accepted only with valid evidence
      }
      service.record(() -> service.log().outcome(provider, tag, true, "result", now));
    }
    probed.remove(step);
    String media = "";
    String capability = "";
    if (outcome.result().isPresent()) {
      TaskResult r = outcome.result().get();
      media = mediaTypes.getOrDefault(r, "application/octet-stream");
      capability = capabilities.getOrDefault(r, "");
      outputMedia.put(step, media);
      Optional<SignedReceipt> receipt = r.receipt();
      Sent what = sent.get(r);
      if (receipt.isPresent() && outcome.provider().isPresent() && what != null) {
        long at = service.clock().millis();
        long price =
            io.ap2p.core.incentives.ReciprocityLedger.priceMicros(
                what.target().descriptor().constraints().price());
        PeerId provider = outcome.provider().get();
        service.reciprocity().received(provider, price);
        var evidence =
            new ExecutionLog.DelegationEvidence(
                run.id() + "/" + step,
                what.taskId(),
                receipt.get(),
                provider,
                capability,
                what.target().toJsonBytes(),
                what.requestDigest(),
                what.nonce(),
                price,
                at);
        service.record(() -> service.log().delegationEvidence(evidence));
      }
    }
    run.stepFinished(step, outcome, capability, media);
  }

  @Override
  public void completed(WorkflowOutcome outcome) {
    run.completed(outcome, cancelled);
    TaskRun.Snapshot s = run.snapshot();
    long at = service.clock().millis();
    service.record(
        () -> service.log().delegationUpdated(run.id(), s.state().name(), s.detail(), "", at));
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
    Optional<Connection> existing = service.host().connectionTo(peer);
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
        return service.host().connect(m.peerId().isPresent() ? m : m.withPeerId(peer));
      } catch (MultiaddrException e) {
        last = new IOException("bad address " + a + ": " + e.getMessage());
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }
}
