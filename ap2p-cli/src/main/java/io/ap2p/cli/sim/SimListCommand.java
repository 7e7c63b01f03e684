package io.ap2p.cli.sim;

import io.ap2p.sim.scenario.BuiltIns;
import io.ap2p.sim.scenario.Scenario;
import io.ap2p.sim.scenario.ScenarioException;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p sim list}: the built-in scenarios. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the built-in scenarios with their size and what they show.")
public final class SimListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws ScenarioException {
    var out = spec.commandLine().getOut();
    for (String name : BuiltIns.NAMES) {
      Scenario s = ScenarioParser.parse(name, BuiltIns.text(name).orElseThrow(), List.of());
      out.printf(
          "%-12s %5d runs (%d points × %d policies × %d seeds)  %s%n",
          name, s.runs(), s.points().size(), s.policies().size(), s.seeds(), s.description());
    }
    out.println(IncentivesRun.listLine());
    out.println();
    out.println("Run one with 'ap2p sim run NAME'; copy and edit one with 'ap2p sim show NAME'.");
    return 0;
  }
}
