package io.ap2p.cli.net;

import io.ap2p.core.incentives.ServicePolicy;
import io.ap2p.core.incentives.Stamp;
import io.ap2p.node.execution.ExecutionLimits;
import java.math.BigDecimal;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code node start}'s flags for the reciprocity ledger's rules (docs/incentives.md). */
public final class NodeIncentiveOptions {

  /** Largest |minimum balance| accepted, in credit units. */
  static final long MAX_UNITS = 1_000_000;

  @Option(
      names = "--min-balance",
      paramLabel = "CREDITS",
      description =
          "As provider, the least reciprocity balance (work the requester did for this node minus"
              + " work this node did for it, in credits: a task is worth its descriptor's price, or"
              + " 1 without one) served without a proof-of-work stamp. A newcomer's balance is 0."
              + " Default: none (everyone is served; contributors still go first when busy).")
  BigDecimal minBalance;

  @Option(
      names = "--stamp-bits",
      paramLabel = "BITS",
      description =
          "As provider, the proof-of-work stamp (leading zero bits of SHA-256, 1 to 32) that lets"
              + " a requester below --min-balance in; 0 refuses them instead. Each bit doubles the"
              + " requester's work: about 2^BITS hashes (docs/incentives.md has the cost in ms)."
              + " Default: 0.")
  Integer stampBits;

  @Option(
      names = "--max-stamp-bits",
      paramLabel = "BITS",
      description =
          "As requester, the most bits this node mints when a provider asks it for a stamp"
              + " (0 to 32; 0 never mints). Default: 20.")
  Integer maxStampBits;

  /**
   * {@code base} with these flags applied.
   *
   * @throws ParameterException naming the flag at fault
   */
  public ExecutionLimits.Incentives apply(CommandSpec spec, ExecutionLimits.Incentives base) {
    long min = base.policy().minBalanceMicros();
    if (minBalance != null) {
      if (minBalance.abs().compareTo(BigDecimal.valueOf(MAX_UNITS)) > 0) {
        throw new ParameterException(
            spec.commandLine(),
            "--min-balance: expected -" + MAX_UNITS + " to " + MAX_UNITS + ", got " + minBalance);
      }
      min =
          minBalance.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
    int bits = base.policy().stampBits();
    if (stampBits != null) {
      bits = check(spec, "--stamp-bits", stampBits);
      if (minBalance == null && bits > 0) {
        throw new ParameterException(
            spec.commandLine(), "--stamp-bits: needs --min-balance (whom to ask for a stamp)");
      }
    }
    int mint =
        maxStampBits != null ? check(spec, "--max-stamp-bits", maxStampBits) : base.maxStampBits();
    return new ExecutionLimits.Incentives(new ServicePolicy(min, bits), mint);
  }

  private static int check(CommandSpec spec, String flag, int v) {
    if (v < 0 || v > Stamp.MAX_BITS) {
      throw new ParameterException(
          spec.commandLine(), flag + ": expected 0 to " + Stamp.MAX_BITS + ", got " + v);
    }
    return v;
  }
}
