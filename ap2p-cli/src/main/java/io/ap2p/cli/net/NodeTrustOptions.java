package io.ap2p.cli.net;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.node.TrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code node start}'s flags for how the node verifies what it delegates. */
public final class NodeTrustOptions {

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      defaultValue = "risk-aware",
      description =
          "The tier policy for this node's delegations when a request names none: naive,"
              + " reputation, canary, evidence, risk-aware or naive-random (default:"
              + " ${DEFAULT-VALUE}).")
  String policy;

  @Option(
      names = "--canaries",
      paramLabel = "FILE",
      description =
          "A canary set: inputs with known answers per capability, for Tier 2 on"
              + " capabilities this node cannot re-execute itself (docs/verification.md).")
  Path canaries;

  @Option(
      names = "--defences",
      paramLabel = "LIST",
      defaultValue = "none",
      description =
          "Sybil-resistance mechanisms of this node's delegations: none, all, or some of"
              + " exclude (registry queries leave out providers this node distrusts), recall (they"
              + " name the providers it trusts, put first), doubt (strangers tried in random"
              + " order, not by their claims) and rediscover (a step whose candidates are used"
              + " up or all distrusted asks discovery again without them), joined with +"
              + " (default: ${DEFAULT-VALUE}; docs/simulation.md measures them). Feedback"
              + " sharing is on unless --no-feedback.")
  String defences;

  @Option(
      names = "--explore",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "Probability, from 0 to 1, that a step of this node's delegations first tries one"
              + " provider it has no record of, drawn uniformly among those in the answer, sent a"
              + " canary before the real task and given at most half the step's time, so that"
              + " honest newcomers get selected under recall and doubt; the step gets one extra"
              + " attempt for it. Only steps up to --explore-max-risk, and only those this node"
              + " can make canaries for, explore (built-in"
              + " image.generate and content.publish, or a --canaries set); policies that use no"
              + " reputation (naive, naive-random) never explore (default: ${DEFAULT-VALUE},"
              + " never; docs/trust.md, measured in docs/simulation.md's sybil-newcomers).")
  String explore;

  @Option(
      names = "--explore-max-risk",
      paramLabel = "RISK",
      defaultValue = "medium",
      description =
          "The highest risk explored with --explore: low, medium or high. A step of a higher"
              + " risk does not explore, and a provider declaring a side effect of a higher risk is"
              + " not drawn. The default, medium, keeps irreversible steps (publishing, paying) from"
              + " going to an untested provider that has passed one canary, before its evidence"
              + " is checked (default: ${DEFAULT-VALUE}).")
  String exploreMaxRisk;

  /**
   * {@code base} with these flags applied.
   *
   * @throws ParameterException naming the flag at fault
   */
  public TrustOptions apply(CommandSpec spec, TrustOptions base) {
    TierPolicy p;
    try {
      p = TierPolicy.parse(policy);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--policy: " + e.getMessage());
    }
    io.ap2p.node.execution.RequesterDefences d;
    try {
      d = io.ap2p.node.execution.RequesterDefences.parse(defences == null ? "none" : defences);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--defences: " + e.getMessage());
    }
    try {
      d =
          d.exploring(
              io.ap2p.node.execution.RequesterDefences.parseExplore(
                  explore == null ? "0" : explore));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--explore: " + e.getMessage());
    }
    try {
      d =
          d.exploringUpTo(
              io.ap2p.node.execution.RequesterDefences.parseRisk(
                  exploreMaxRisk == null ? "medium" : exploreMaxRisk));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--explore-max-risk: " + e.getMessage());
    }
    if (canaries != null && !Files.isReadable(canaries)) {
      throw new ParameterException(
          spec.commandLine(), "--canaries: cannot read " + canaries + " (no such file?)");
    }
    return new TrustOptions(
            p,
            base.attestors(),
            base.attestor(),
            base.attestorPeer(),
            base.feedback(),
            Optional.ofNullable(canaries).or(base::canaries),
            base.persona())
        .withDefences(d);
  }
}
