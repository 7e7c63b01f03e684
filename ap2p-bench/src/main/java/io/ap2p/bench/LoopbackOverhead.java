package io.ap2p.bench;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.node.Node;
import io.ap2p.node.demo.LoopbackWorld;
import io.ap2p.node.demo.WorkflowBench;
import io.ap2p.node.persona.Persona;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The paper's two-step workflow on a real loopback network ({@link LoopbackWorld}), one fresh
 * requester per policy, the policies interleaved round by round (each round runs one workflow per
 * policy, starting with a different policy each round) so that load and JIT drift fall on all of
 * them alike; each requester keeps to {@link WorkflowBench#PACE_MILLIS} between its own workflows.
 */
final class LoopbackOverhead {

  /** Frames a canary costs on {@code /ap2p/task/1.0.0}: INVOKE + DATA out, RESULT + DATA back. */
  static final int FRAMES_PER_CANARY = 4;

  /** What one policy's measured workflows gave. */
  static final class Tally {
    final Samples nanos;
    int workflows;
    int right;
    int accepted;
    long canaries;
    long canaryBytes;
    long canaryMillis;

    Tally(int expected) {
      nanos = new Samples(expected);
    }

    void add(WorkflowBench.Workflow w) {
      workflows++;
      nanos.add(w.nanos());
      right += w.right() ? 1 : 0;
      accepted += w.accepted() ? 1 : 0;
      canaries += w.canaries();
      canaryBytes += w.canaryBytes();
      canaryMillis += w.canaryMillis();
    }

    double successRate() {
      return workflows == 0 ? 0 : (double) right / workflows;
    }

    double canariesPerWorkflow() {
      return workflows == 0 ? 0 : (double) canaries / workflows;
    }

    /** Verification frames per workflow, {@link #FRAMES_PER_CANARY} per canary sent. */
    double messagesPerWorkflow() {
      return FRAMES_PER_CANARY * canariesPerWorkflow();
    }

    double canaryKibPerWorkflow() {
      return workflows == 0 ? 0 : canaryBytes / 1024.0 / workflows;
    }

    double canaryMillisPerWorkflow() {
      return workflows == 0 ? 0 : (double) canaryMillis / workflows;
    }
  }

  private LoopbackOverhead() {}

  /** Brings {@code world}'s Sybils up to {@code fraction} of its providers (never removes any). */
  static void sybilsTo(LoopbackWorld world, double fraction) throws IOException {
    int want = (int) Math.round(world.honestCount() * fraction / (1 - fraction));
    if (want > world.adversaryCount()) {
      world.addAdversaries(want - world.adversaryCount(), LoopbackWorld.SKILLS, Persona.SYBIL);
    }
  }

  /**
   * Runs {@code rounds} rounds of {@code policies} on fresh requesters of {@code world}; returns
   * each policy's tally ({@code trace} hears how each workflow went). The requesters are stopped
   * afterwards.
   */
  static Map<TierPolicy, Tally> measure(
      LoopbackWorld world,
      List<TierPolicy> policies,
      int rounds,
      SplittableRandom random,
      java.util.function.Consumer<String> trace)
      throws IOException, InterruptedException {
    List<Node> requesters = new ArrayList<>();
    Map<TierPolicy, Tally> out = new EnumMap<>(TierPolicy.class);
    long[] lastStart = new long[policies.size()];
    try {
      for (TierPolicy p : policies) {
        requesters.add(world.requester());
        out.put(p, new Tally(rounds));
      }
      List<PeerId> sybils = world.adversaryIds();
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < policies.size(); k++) {
          int i = (round + k) % policies.size();
          long wait = lastStart[i] + WorkflowBench.PACE_MILLIS * 1_000_000 - System.nanoTime();
          if (lastStart[i] != 0 && wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          lastStart[i] = System.nanoTime();
          Tally t = out.get(policies.get(i));
          String label = policies.get(i).label();
          WorkflowBench.run(
              requesters.get(i),
              policies.get(i),
              1,
              sybils,
              random.split(),
              line -> trace.accept(label + " " + line),
              t::add);
        }
      }
    } finally {
      requesters.forEach(world::stop);
    }
    return out;
  }
}
