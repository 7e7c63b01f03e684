package io.ap2p.sim.incentives;

import io.ap2p.sim.report.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the incentives scenario (every seed, without and with the ledger) and writes {@code
 * results.csv} (one row per mode, seed and class), {@code summary.csv} (mean and 95% CI over seeds)
 * and {@code report.md}. The output depends only on the config: reruns are byte-identical.
 */
public final class IncentivesReport {

  /** The modes compared. */
  public static final List<String> MODES = List.of("no-ledger", "ledger");

  /** One summary row: a mode and class with its statistics over seeds. */
  public record Row(
      String mode,
      PeerClass peerClass,
      Stats success,
      Stats waitMs,
      Stats givenPerMin,
      Stats stamps) {}

  private final IncentivesConfig config;
  private final List<String> results = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();

  private IncentivesReport(IncentivesConfig config) {
    this.config = config;
  }

  /** Runs every seed of both modes. */
  public static IncentivesReport run(IncentivesConfig config) {
    IncentivesReport r = new IncentivesReport(config);
    r.results.add(
        "mode,seed,class,peers,requests,served,success,mean_wait_ms,given_per_peer_min,stamps_per_peer,trace");
    double minutes = (config.seconds() * 0.9 - config.deadlineMs() / 1000) / 60;
    for (String mode : MODES) {
      Map<PeerClass, List<double[]>> perClass = new java.util.EnumMap<>(PeerClass.class);
      for (int seed = 1; seed <= config.seeds(); seed++) {
        IncentivesWorld w = new IncentivesWorld(config, mode.equals("ledger"), seed);
        Map<PeerClass, IncentivesWorld.ClassResult> got = w.run();
        for (var e : got.entrySet()) {
          IncentivesWorld.ClassResult c = e.getValue();
          if (c.peers() == 0) {
            continue;
          }
          // newcomers serve from half time only
          double active =
              e.getKey() == PeerClass.NEWCOMER
                  ? (config.seconds() * 0.5 - config.deadlineMs() / 1000) / 60
                  : minutes;
          double givenPerMin = c.givenPerPeer() / active;
          perClass
              .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(new double[] {c.successRate(), c.meanWaitMs(), givenPerMin, c.stampsPerPeer()});
          r.results.add(
              String.format(
                  Locale.ROOT,
                  "%s,%d,%s,%d,%d,%d,%.6f,%.3f,%.4f,%.3f,%016x",
                  mode,
                  seed,
                  e.getKey().label(),
                  c.peers(),
                  c.requests(),
                  c.served(),
                  c.successRate(),
                  c.meanWaitMs(),
                  givenPerMin,
                  c.stampsPerPeer(),
                  w.traceHash()));
        }
      }
      for (var e : perClass.entrySet()) {
        List<double[]> v = e.getValue();
        r.rows.add(new Row(mode, e.getKey(), stats(v, 0), stats(v, 1), stats(v, 2), stats(v, 3)));
      }
    }
    return r;
  }

  private static Stats stats(List<double[]> values, int i) {
    return Stats.of(values.stream().map(a -> a[i]).toList());
  }

  /** The summary rows, by mode then class. */
  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The row of {@code mode} and {@code k}. */
  public Row row(String mode, PeerClass k) {
    return rows.stream()
        .filter(r -> r.mode().equals(mode) && r.peerClass() == k)
        .findFirst()
        .orElseThrow();
  }

  /** {@code results.csv}'s text. */
  public String resultsCsv() {
    return String.join("\n", results) + "\n";
  }

  /** {@code summary.csv}'s text. */
  public String summaryCsv() {
    StringBuilder b =
        new StringBuilder(
            "mode,class,seeds,success,success_ci95,mean_wait_ms,mean_wait_ms_ci95,"
                + "given_per_peer_min,given_per_peer_min_ci95,stamps_per_peer,stamps_per_peer_ci95\n");
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%.4f,%.4f,%.1f,%.1f,%.3f,%.3f,%.2f,%.2f%n",
              r.mode(),
              r.peerClass().label(),
              r.success().n(),
              r.success().mean(),
              r.success().ci95(),
              r.waitMs().mean(),
              r.waitMs().ci95(),
              r.givenPerMin().mean(),
              r.givenPerMin().ci95(),
              r.stamps().mean(),
              r.stamps().ci95()));
    }
    return b.toString();
  }

  /** The table of report.md: one line per mode and class, mean ± 95% CI over seeds. */
  public String table() {
    StringBuilder b =
        new StringBuilder(
            "| mode | class | success | wait to service (ms) | served for others (tasks/peer/min)"
                + " | stamps minted per peer |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.3f ± %.3f | %.0f ± %.0f | %.2f ± %.2f | %.1f ± %.1f |%n",
              r.mode(),
              r.peerClass().label(),
              r.success().mean(),
              r.success().ci95(),
              r.waitMs().mean(),
              r.waitMs().ci95(),
              r.givenPerMin().mean(),
              r.givenPerMin().ci95(),
              r.stamps().mean(),
              r.stamps().ci95()));
    }
    return b.toString();
  }

  /** Writes results.csv, summary.csv and report.md into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.csv"), resultsCsv(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("summary.csv"), summaryCsv(), StandardCharsets.UTF_8);
    Row nc = row("ledger", PeerClass.NEWCOMER);
    long hashes = 1L << config.stampBits();
    StringBuilder md = new StringBuilder("# incentives\n\n");
    md.append(config.describe()).append(", ").append(config.seeds()).append(" seeds per mode.\n\n");
    md.append(table()).append('\n');
    md.append(
        String.format(
            Locale.ROOT,
            "Cost to an honest newcomer with the ledger: %.1f stamps of %d bits (about %,d SHA-256"
                + " hashes each, %,.0f in all) over the measured window; success %.3f against %.3f"
                + " for established contributors.%n%n",
            nc.stamps().mean(),
            config.stampBits(),
            hashes,
            nc.stamps().mean() * hashes,
            nc.success().mean(),
            row("ledger", PeerClass.CONTRIBUTOR).success().mean()));
    md.append("Parameters:\n\n");
    config
        .asMap()
        .forEach((k, v) -> md.append("- `").append(k).append("` = ").append(v).append('\n'));
    Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
  }
}
