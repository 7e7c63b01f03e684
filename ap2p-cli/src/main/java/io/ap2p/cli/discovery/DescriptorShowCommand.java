package io.ap2p.cli.discovery;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.Constraints;
import io.ap2p.core.discovery.DescriptorJson;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p descriptor show}: a descriptor in readable form, with its verdict. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Print a signed descriptor in readable form, followed by its verdict.")
public final class DescriptorShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DescriptorInput input;

  @Override
  public Integer call() {
    byte[] bytes = input.read(spec);
    CapabilityDescriptor d;
    try {
      d = DescriptorJson.decode(Json.parse(bytes));
    } catch (JsonFormatException e) {
      throw new CliFailure("FILE: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("capability:   " + d.id() + " — " + d.intent().name());
    out.println("tags:         " + d.intent().tags());
    if (!d.intent().description().isEmpty()) {
      out.println("description:  " + d.intent().description());
    }
    d.intent().examples().forEach(e -> out.println("example:      " + e));
    out.println("peer:         " + d.peer());
    d.addrs().forEach(a -> out.println("address:      " + a));
    out.println("seq:          " + d.seq());
    out.println(
        "issued:       "
            + d.issuedAt()
            + ", ttl "
            + d.ttlSeconds()
            + " s, expires "
            + d.expiresAt());
    Constraints c = d.constraints();
    out.println(
        "constraints:  input <= "
            + c.maxInputBytes()
            + " B, deadline "
            + c.deadlineMs()
            + " ms, "
            + c.price().map(p -> p.amount() + " " + p.currency()).orElse("free")
            + ", region "
            + c.region().orElse("any")
            + ", side effect "
            + c.sideEffect().jsonName()
            + ", tier >= "
            + c.requiredTier());
    out.println(
        "state:        "
            + d.state().availability().jsonName()
            + ", load "
            + d.state().load()
            + ", queue "
            + d.state().queueLength()
            + (d.state().version().isEmpty() ? "" : ", version " + d.state().version()));
    d.qos()
        .ifPresent(
            q ->
                out.println(
                    "qos claims:   p50 "
                        + q.latencyP50Ms()
                        + " ms, p95 "
                        + q.latencyP95Ms()
                        + " ms, success "
                        + q.successRate()));
    out.println(
        "verification: canaries "
            + d.verification().canaries()
            + ", receipts "
            + d.verification().receipts()
            + ", attestation "
            + d.verification().attestation());
    Verdict<SignedDescriptor> verdict =
        new DescriptorValidator(SystemClock.INSTANCE, DescriptorPolicy.DEFAULTS)
            .validate(Bytes.wrap(bytes));
    out.println(
        "verdict:      "
            + (verdict.isAccepted()
                ? "valid"
                : "rejected, " + DescriptorVerifyCommand.reasonOf(verdict)));
    return verdict.isAccepted() ? ExitCodes.OK : ExitCodes.REJECTED;
  }
}
