package io.ap2p.cli.mcp;

import io.ap2p.cli.mcp.Args.ToolError;
import io.ap2p.core.trust.Checks;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator's tier policy as a floor under what an MCP client asks for: a client (often an LLM
 * agent, steerable by what it reads) may ask for a policy at least as strict as the floor, never a
 * weaker one.
 *
 * <p>Policy {@code a} is at least as strict as {@code b} when, for every step risk, {@code a} runs
 * every check {@code b} runs (reputation, canaries, canaries on known peers, receipts,
 * attestation). From {@link TierPolicy#checks} that gives:
 *
 * <pre>
 *   naive  &lt;  reputation  &lt;  canary, evidence, risk-aware
 * </pre>
 *
 * where the last three are incomparable (canary skips receipts, evidence skips canaries, risk-aware
 * skips canaries on known peers for harmless steps): with one of them as the floor only that one is
 * accepted. With no known floor (a running node's own default, not given by {@code --policy}) a
 * client may name no policy at all.
 */
final class PolicyFloor {

  private final Optional<TierPolicy> floor;

  /** The floor {@code floor}; empty when it is the running node's default, unknown here. */
  PolicyFloor(Optional<TierPolicy> floor) {
    this.floor = floor;
  }

  /** The floor, when known (also the policy a call that names none runs under). */
  Optional<TierPolicy> floor() {
    return floor;
  }

  /** Whether {@code a} runs every check {@code b} runs, at every step risk. */
  static boolean atLeastAsStrict(TierPolicy a, TierPolicy b) {
    for (RiskClass r : RiskClass.values()) {
      Checks x = a.checks(r);
      Checks y = b.checks(r);
      if ((y.useReputation() && !x.useReputation())
          || (y.canary() && !x.canary())
          || (y.canaryKnownPeers() && !x.canaryKnownPeers())
          || (y.evidence() && !x.evidence())
          || (y.attestation() && !x.attestation())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The policy a call of {@code tool} runs under: {@code asked} if it is at least as strict as the
   * floor, the floor if nothing was asked.
   *
   * @throws ToolError if {@code asked} is weaker than the floor, or incomparable with it
   */
  Optional<TierPolicy> resolve(String tool, Optional<TierPolicy> asked) {
    if (asked.isEmpty()) {
      return floor;
    }
    TierPolicy p = asked.get();
    if (floor.isEmpty()) {
      throw new ToolError(
          tool
              + ".policy: refused: this server verifies under the node's own default policy and"
              + " takes none from a client (the operator can set a floor with --policy; a client"
              + " may then ask for a stricter one)");
    }
    if (!atLeastAsStrict(p, floor.get())) {
      String allowed =
          Arrays.stream(TierPolicy.values())
              .filter(q -> atLeastAsStrict(q, floor.get()))
              .map(TierPolicy::label)
              .collect(Collectors.joining(", "));
      throw new ToolError(
          tool
              + ".policy: refused: '"
              + p.label()
              + "' is weaker than (or not comparable with) this server's floor '"
              + floor.get().label()
              + "', set by its operator; ask for one of: "
              + allowed);
    }
    return asked;
  }
}
