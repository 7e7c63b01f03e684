package io.ap2p.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.node.Node;
import io.ap2p.node.persona.Persona;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each adversary persona against each tier policy on a real loopback network of 22 nodes: a
 * registry, 10 honest providers, 6 nodes playing the persona and 5 requesters, one per policy,
 * running the two-step workflow side by side. Naive fails where risk-aware succeeds; the whole
 * table is printed (docs/verification.md has a run of it).
 */
@Tag("slow")
class PersonaPolicyNetworkTest {

  static final int HONEST = 10;
  static final int ADVERSARIES = 6;
  static final int WORKFLOWS = 12;

  @Test
  void naiveFailsWhereRiskAwareSucceedsAgainstEveryPersona() throws Exception {
    Map<Persona, Map<TierPolicy, WorkflowBench.Result>> table = new EnumMap<>(Persona.class);
    for (Persona persona : Persona.values()) {
      // a network of its own for each persona: no descriptor of another persona's nodes lingers
      // in the registry until its TTL
      try (LoopbackWorld world = LoopbackWorld.start();
          ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        world.addHonest(HONEST, LoopbackWorld.SKILLS);
        world.addAdversaries(ADVERSARIES, LoopbackWorld.SKILLS, persona);
        Map<TierPolicy, Future<WorkflowBench.Result>> running = new EnumMap<>(TierPolicy.class);
        List<Node> requesters = new ArrayList<>();
        for (TierPolicy policy : TierPolicy.PAPER) {
          Node requester = world.requester();
          requesters.add(requester);
          running.put(
              policy,
              pool.submit(
                  () ->
                      WorkflowBench.run(
                          requester,
                          policy,
                          WORKFLOWS,
                          world.adversaryIds(),
                          new SplittableRandom(policy.ordinal()),
                          line -> {})));
        }
        Map<TierPolicy, WorkflowBench.Result> row = new EnumMap<>(TierPolicy.class);
        for (var e : running.entrySet()) {
          row.put(e.getKey(), e.getValue().get());
        }
        table.put(persona, row);
      }
    }
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-14s", "persona"));
    for (TierPolicy p : TierPolicy.PAPER) {
      out.append(String.format(Locale.ROOT, " %-11s", p.label()));
    }
    out.append('\n');
    for (var row : table.entrySet()) {
      out.append(String.format(Locale.ROOT, "%-14s", row.getKey().label()));
      for (TierPolicy p : TierPolicy.PAPER) {
        WorkflowBench.Result r = row.getValue().get(p);
        out.append(String.format(Locale.ROOT, " %-11s", r.succeeded() + "/" + r.workflows()));
      }
      out.append('\n');
    }
    System.out.print(out);
    for (var row : table.entrySet()) {
      WorkflowBench.Result naive = row.getValue().get(TierPolicy.NAIVE);
      WorkflowBench.Result riskAware = row.getValue().get(TierPolicy.RISK_AWARE);
      String why = row.getKey().label() + "\n" + out;
      // naive takes the best claims, which are the persona's: at most the odd lucky run
      assertThat(naive.successRate()).as(why).isLessThanOrEqualTo(0.25);
      if (row.getKey() == Persona.WHITEWASHER || row.getKey() == Persona.CANARY_EVADER) {
        // Known gaps (docs/verification.md, "What it does not stop yet"): whitewashers keep fresh
        // identities with the best claims at the top of every answer, and each canary costs one of
        // the step's 3 attempts; a canary evader that passes two probes is trusted on the
        // harmless step and cheats on the lone tasks that follow, caught only by spot checks.
        // Risk-aware does no worse than naive (in the documented runs, better: 4-7 against 0-1;
        // a strict margin would fail on unlucky draws of canary placement); issue 15's
        // mechanisms are the answer.
        assertThat(riskAware.succeeded()).as(why).isGreaterThanOrEqualTo(naive.succeeded());
        continue;
      }
      // risk-aware learns within the first few workflows and then holds
      assertThat(riskAware.successRate()).as(why).isGreaterThanOrEqualTo(0.5);
      assertThat(riskAware.succeeded()).as(why).isGreaterThan(naive.succeeded() + 2);
    }
  }
}
