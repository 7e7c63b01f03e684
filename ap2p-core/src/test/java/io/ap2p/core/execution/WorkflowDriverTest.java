package io.ap2p.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The driver against a recording in-memory runtime: the test answers discovery and attempts by
 * hand, moves the clock and fires due timers, and checks the order of what the runtime and the
 * listener saw.
 */
class WorkflowDriverTest {

  static final CapabilityTag IMAGE = new CapabilityTag("image.generate");
  static final CapabilityTag PUBLISH = new CapabilityTag("content.publish");
  static final long T0 = Fixtures.T0.toEpochMilli();

  final ManualClock clock = new ManualClock(T0);
  final List<String> log = new ArrayList<>();
  final Map<PeerId, String> names = new HashMap<>();
  final Recording runtime = new Recording();

  // the descriptor template claims a 30 s deadline; the lower the load, the better the rank
  final SignedDescriptor fast = provider(1, "fast", IMAGE, 0.1);
  final SignedDescriptor slow = provider(2, "slow", IMAGE, 0.9);
  final SignedDescriptor publisher = provider(3, "publisher", PUBLISH, 0.5);

  /** The best-ranked descriptor of all, but its bytes were changed after signing. */
  final Bytes forged = forge(provider(4, "forged", IMAGE, 0.0));

  /** A fake runtime that records every call and keeps what it must answer later. */
  final class Recording implements WorkflowDriver.Runtime {
    final Map<String, Consumer<List<Bytes>>> discoveries = new HashMap<>();
    final Map<Integer, WorkflowDriver.Reply> replies = new HashMap<>();
    final Map<Integer, Delegation.Action.Invoke> invokes = new HashMap<>();
    final TreeMap<Long, List<Runnable>> timers = new TreeMap<>();

    @Override
    public void discover(String step, Query query, Consumer<List<Bytes>> answer) {
      log.add("discover " + step + " " + query.tags());
      discoveries.put(step, answer);
    }

    @Override
    public void invoke(
        String step, Delegation.Action.Invoke inv, long deadlineMillis, WorkflowDriver.Reply r) {
      log.add(
          "invoke "
              + step
              + " #"
              + inv.attempt()
              + " "
              + names.get(inv.target().descriptor().peer())
              + (inv.probe() ? " canary" : "")
              + " until +"
              + (deadlineMillis - T0));
      replies.put(inv.attempt(), r);
      invokes.put(inv.attempt(), inv);
    }

    @Override
    public void abort(String step, Delegation.Action.Abort abort) {
      log.add("abort " + step + " #" + abort.attempt() + " " + names.get(abort.provider()));
    }

    @Override
    public void at(long atMillis, Runnable task) {
      timers.computeIfAbsent(atMillis, k -> new ArrayList<>()).add(task);
    }

    /** Moves the clock to {@code millis} after T0, firing the timers due on the way. */
    void advanceTo(long millis) {
      while (!timers.isEmpty() && timers.firstKey() <= T0 + millis) {
        var due = timers.pollFirstEntry();
        clock.set(due.getKey());
        due.getValue().forEach(Runnable::run);
      }
      clock.set(T0 + millis);
    }

    void answer(String step, Bytes... found) {
      discoveries.remove(step).accept(List.of(found));
    }

    void result(int attempt, Bytes output) {
      replies.get(attempt).result(new TaskResult(output, Optional.empty()));
    }
  }

  /** Records the listener's steps into the same log as the runtime's calls. */
  final WorkflowDriver.Listener listener =
      new WorkflowDriver.Listener() {
        @Override
        public void discovered(String step, int returned, int accepted) {
          log.add("discovered " + step + " " + returned + "/" + accepted);
        }

        @Override
        public void attempt(String step, int attempt, PeerId provider, boolean probe) {
          log.add("attempt " + step + " #" + attempt + " " + names.get(provider));
        }

        @Override
        public void attemptFailed(String step, int attempt, String reason) {
          log.add("failed " + step + " #" + attempt + " " + reason);
        }

        @Override
        public void stepFinished(String step, StepOutcome outcome) {
          log.add("finished " + step + " " + outcome.status());
        }

        @Override
        public void completed(WorkflowOutcome outcome) {
          log.add("completed " + outcome.succeeded());
        }
      };

  SignedDescriptor provider(int key, String name, CapabilityTag tag, double load) {
    ObjectNode t = Fixtures.template();
    t.put("id", name);
    t.withObject("/intent").putArray("tags").add(tag.value());
    t.withObject("/state").put("load", load);
    SignedDescriptor sd = Fixtures.signed(Fixtures.key(key), t, Fixtures.T0);
    names.put(sd.descriptor().peer(), name);
    return sd;
  }

  static Bytes forge(SignedDescriptor sd) {
    String json = sd.toJsonBytes().toUtf8();
    return Bytes.wrap(json.replace("sdxl-turbo", "sdxl-turbo-x").getBytes(StandardCharsets.UTF_8));
  }

  static Workflow oneStep() {
    return new Workflow(
        "one", List.of(new Step("generate", IMAGE, RiskClass.LOW, 60_000, List.of())));
  }

  WorkflowDriver driver(Workflow workflow, TierPolicy policy, CanaryFactory.Oracle oracle) {
    WorkflowRun run =
        new WorkflowRun(
            workflow,
            Bytes.wrap("fox".getBytes(StandardCharsets.UTF_8)),
            new WorkflowRun.Context(
                clock,
                new SplittableRandom(1),
                Reputation.defaults(),
                new CanaryFactory(oracle, new SplittableRandom(2)),
                new ReceiptVerifier(Set.of(), 1000),
                policy,
                10));
    return new WorkflowDriver(
        run, runtime, new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS), listener);
  }

  WorkflowDriver driver(Workflow workflow) {
    return driver(workflow, TierPolicy.NAIVE, (tag, in) -> Optional.empty());
  }

  static Bytes out(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void discoversVerifiesRanksInvokesTimesOutFallsBackAndCompletes() {
    WorkflowDriver d = driver(oneStep());
    d.start();
    runtime.answer("generate", slow.toJsonBytes(), forged, fast.toJsonBytes());
    runtime.advanceTo(30_000); // the fast one stays silent until its claimed deadline
    runtime.result(2, out("an image"));

    assertThat(log)
        .containsExactly(
            "discover generate [image.generate]",
            "discovered generate 3/2",
            "attempt generate #1 fast",
            "invoke generate #1 fast until +30000",
            "failed generate #1 timed out",
            "abort generate #1 fast",
            "attempt generate #2 slow",
            "invoke generate #2 slow until +60000",
            "finished generate SUCCEEDED",
            "completed true");
    WorkflowOutcome o = d.outcome().orElseThrow();
    assertThat(o.succeeded()).isTrue();
    assertThat(o.steps().get("generate").provider()).contains(slow.descriptor().peer());
    assertThat(o.steps().get("generate").result().orElseThrow().output())
        .isEqualTo(out("an image"));
  }

  @Test
  void lateRepliesToAbandonedAttemptsAreIgnored() {
    WorkflowDriver d = driver(oneStep());
    d.start();
    runtime.answer("generate", fast.toJsonBytes(), slow.toJsonBytes());
    runtime.advanceTo(30_000);
    int before = log.size();

    runtime.result(1, out("too late")); // the abandoned attempt answers after all
    runtime.replies.get(1).error("stream reset"); // or fails late: not reported as a failure
    assertThat(log).hasSize(before);
    assertThat(d.outcome()).isEmpty();

    runtime.result(2, out("in time"));
    runtime.result(1, out("later still"));
    runtime.advanceTo(120_000); // the answered attempt's timer fires to no effect
    assertThat(log.subList(before, log.size()))
        .containsExactly("finished generate SUCCEEDED", "completed true");
    assertThat(d.outcome().orElseThrow().steps().get("generate").result().orElseThrow().output())
        .isEqualTo(out("in time"));
  }

  @Test
  void anErrorFallsBackToTheNextCandidate() {
    WorkflowDriver d = driver(oneStep());
    d.start();
    runtime.answer("generate", fast.toJsonBytes(), slow.toJsonBytes());
    runtime.replies.get(1).error("internal error");
    runtime.result(2, out("an image"));
    assertThat(log.subList(2, log.size()))
        .containsExactly(
            "attempt generate #1 fast",
            "invoke generate #1 fast until +30000",
            "failed generate #1 internal error",
            "attempt generate #2 slow",
            "invoke generate #2 slow until +30000",
            "finished generate SUCCEEDED",
            "completed true");
    assertThat(d.outcome().orElseThrow().succeeded()).isTrue();
  }

  @Test
  void unverifiableDescriptorsAreDroppedBeforeRanking() {
    WorkflowDriver d = driver(oneStep());
    d.start();
    runtime.answer("generate", forged, out("{not a descriptor"));
    assertThat(log)
        .containsExactly(
            "discover generate [image.generate]",
            "discovered generate 2/0",
            "finished generate FAILED",
            "completed false");
    assertThat(runtime.invokes).isEmpty();
    assertThat(d.outcome().orElseThrow().steps().get("generate").reason())
        .isEqualTo("no candidates");
  }

  @Test
  void cancelAbortsTheRunningAttempt() {
    WorkflowDriver d = driver(oneStep());
    d.start();
    runtime.answer("generate", fast.toJsonBytes());
    d.cancel();
    runtime.result(1, out("after the cancel"));
    runtime.advanceTo(60_000);
    assertThat(log.subList(2, log.size()))
        .containsExactly(
            "attempt generate #1 fast",
            "invoke generate #1 fast until +30000",
            "abort generate #1 fast",
            "finished generate CANCELLED",
            "completed false");
    assertThat(d.outcome().orElseThrow().succeeded()).isFalse();
  }

  @Test
  void aCanaryGoesFirstAndEachStepFeedsTheNext() {
    WorkflowDriver d =
        driver(
            Workflow.imageThenPublish(60_000),
            TierPolicy.CANARY,
            (tag, in) -> Optional.of(Digests.sha256(Digests.sha256(in))));
    d.start();
    runtime.answer("generate", fast.toJsonBytes());
    Delegation.Action.Invoke canary = runtime.invokes.get(1);
    runtime.result(1, Digests.sha256(canary.task().input())); // the canary's right answer
    runtime.result(2, out("an image"));
    runtime.answer("publish", publisher.toJsonBytes());
    runtime.result(1, Digests.sha256(runtime.invokes.get(1).task().input()));
    assertThat(runtime.invokes.get(2).task().input()).isEqualTo(out("an image"));
    runtime.result(2, out("published"));

    assertThat(log)
        .containsExactly(
            "discover generate [image.generate]",
            "discovered generate 1/1",
            "attempt generate #1 fast",
            "invoke generate #1 fast canary until +30000",
            "attempt generate #2 fast",
            "invoke generate #2 fast until +30000",
            "finished generate SUCCEEDED",
            "discover publish [content.publish]",
            "discovered publish 1/1",
            "attempt publish #1 publisher",
            "invoke publish #1 publisher canary until +30000",
            "attempt publish #2 publisher",
            "invoke publish #2 publisher until +30000",
            "finished publish SUCCEEDED",
            "completed true");
    assertThat(canary.probe()).isTrue();
    assertThat(d.outcome().orElseThrow().succeeded()).isTrue();
  }
}
