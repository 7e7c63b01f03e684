package io.ap2p.cli.sim;

import io.ap2p.cli.CliFailure;
import io.ap2p.sim.incentives.IncentivesConfig;
import io.ap2p.sim.incentives.IncentivesReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code sim run incentives}: the built-in incentives scenario, which has its own model. */
final class IncentivesRun {

  /** The scenario's name. */
  static final String NAME = "incentives";

  /** What {@code sim list} says of it. */
  static final String DESCRIPTION =
      "Free riders, strategic peers, contributors and newcomers, with and without the"
          + " reciprocity ledger";

  private IncentivesRun() {}

  /**
   * Runs it with {@code overrides} and {@code seeds} (null: the default), writing into {@code dir}.
   */
  static int run(
      List<String> overrides, Integer seeds, Path out, PrintWriter stdout, PrintWriter err)
      throws IOException {
    IncentivesConfig c = IncentivesConfig.DEFAULTS;
    try {
      for (String o : overrides) {
        c = c.with(o);
      }
      if (seeds != null) {
        c = c.with("seeds=" + seeds);
      }
    } catch (IllegalArgumentException e) {
      throw new CliFailure(NAME + ": " + e.getMessage());
    }
    Path dir = out != null ? out : Path.of("sim-out", NAME);
    err.printf("ap2p sim: %s, %d runs (2 modes × %d seeds)%n", NAME, 2 * c.seeds(), c.seeds());
    err.flush();
    long t0 = System.nanoTime();
    IncentivesReport report = IncentivesReport.run(c);
    report.write(dir);
    stdout.print(report.table());
    stdout.printf("%n%d runs in %.1f s%n", 2 * c.seeds(), (System.nanoTime() - t0) / 1e9);
    stdout.println("report: " + dir.resolve("report.md"));
    return 0;
  }

  /** Its line in {@code sim list}. */
  static String listLine() {
    int seeds = IncentivesConfig.DEFAULTS.seeds();
    return String.format(
        "%-12s %5d runs (2 modes × %d seeds)  %s", NAME, 2 * seeds, seeds, DESCRIPTION);
  }
}
