package io.ap2p.cli.sim;

import io.ap2p.cli.CliFailure;
import io.ap2p.sim.scenario.BuiltIns;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p sim show NAME}: prints a built-in scenario file to copy and edit. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Print a built-in scenario file, to copy and edit:",
      "  ap2p sim show paper-sybil > mine.json && ap2p sim run mine.json"
    })
public final class SimShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      description = "A built-in scenario (see 'sim list').")
  String name;

  @Option(
      names = "--defaults",
      description = "Print every key with its default value instead (the base of any scenario).")
  boolean defaults;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (defaults) {
      out.println(ScenarioParser.defaults().toPrettyString());
      return 0;
    }
    if (name == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "Missing scenario NAME (or use --defaults)");
    }
    String text =
        BuiltIns.text(name)
            .orElseThrow(
                () ->
                    new CliFailure(
                        "no built-in scenario '"
                            + name
                            + "' (built-ins: "
                            + String.join(", ", BuiltIns.NAMES)
                            + ")"));
    out.print(text.endsWith("\n") ? text : text + "\n");
    return 0;
  }
}
