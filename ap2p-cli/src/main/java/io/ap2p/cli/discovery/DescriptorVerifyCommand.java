package io.ap2p.cli.discovery;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p descriptor verify}: accept or reject a signed descriptor, with the reason. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check a signed descriptor and print a one-line verdict.",
      "Checks size, fields, schema version, TTL bounds, time window and signature.",
      "Exit 0 with a one-line summary, or 1 with the reason it is rejected."
    })
public final class DescriptorVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DescriptorInput input;

  @Override
  public Integer call() {
    byte[] bytes = input.read(spec);
    DescriptorValidator validator =
        new DescriptorValidator(SystemClock.INSTANCE, DescriptorPolicy.DEFAULTS);
    Verdict<SignedDescriptor> verdict = validator.validate(Bytes.wrap(bytes));
    if (verdict instanceof Verdict.Accepted<SignedDescriptor> ok) {
      spec.commandLine().getOut().println("valid: " + summary(ok.value().descriptor()));
      return ExitCodes.OK;
    }
    throw new CliFailure("rejected: " + reasonOf(verdict));
  }

  static String reasonOf(Verdict<?> verdict) {
    return switch (verdict) {
      case Verdict.Rejected<?> r -> r.reason().name() + ": " + r.detail();
      case Verdict.Ignored<?> i -> i.reason().name() + ": " + i.detail();
      case Verdict.Accepted<?> a -> "accepted";
    };
  }

  static String summary(CapabilityDescriptor d) {
    long left = d.expiresAtMillis() - SystemClock.INSTANCE.millis();
    return d.id()
        + " ("
        + String.join(", ", d.intent().tags().stream().map(Object::toString).toList())
        + ") by "
        + d.peer()
        + ", seq "
        + d.seq()
        + ", expires "
        + d.expiresAt()
        + " (in "
        + Duration.ofMillis(Math.max(0, left)).toSeconds()
        + " s)";
  }
}
