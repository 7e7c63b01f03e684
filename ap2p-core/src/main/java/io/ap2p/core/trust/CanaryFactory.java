package io.ap2p.core.trust;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.wire.Bytes;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Tier 2: makes canaries, tasks whose answer the requester can check, shaped like the real task
 * they stand beside (same capability, an input of the same kind and size, a fresh id and nonce) so
 * a provider cannot tell them apart by form.
 */
public final class CanaryFactory {

  /** Knows or can cheaply check the answer to an input of a capability. */
  public interface Oracle {
    /** The expected output digest for {@code input} under {@code tag}, if checkable. */
    Optional<Bytes> expectedDigest(CapabilityTag tag, Bytes input);
  }

  /**
   * Makes a canary that looks like {@code realInput}: an input of the same kind drawn from the same
   * distribution, with a way to check the answer.
   */
  public interface Source {
    /** A canary for {@code tag} shaped like {@code realInput}, or empty when none can be made. */
    Optional<Canary> canary(CapabilityTag tag, Bytes realInput);
  }

  /** Decides whether an answer to a canary is right. */
  public interface Check {
    /** Whether {@code output} is a right answer. */
    boolean passes(Bytes output);
  }

  /**
   * A canary: the input to send and how its answer is checked.
   *
   * @param input the input, indistinguishable in form from a real one
   * @param check accepts the right answers
   */
  public record Canary(Bytes input, Check check) {

    /** Checks both are given. */
    public Canary {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(check, "check");
    }

    /** A canary whose one right answer has SHA-256 {@code expectedDigest}. */
    public static Canary ofDigest(Bytes input, Bytes expectedDigest) {
      return new Canary(input, out -> Digests.sha256(out).equals(expectedDigest));
    }

    /** Whether {@code output} is the right answer. */
    public boolean passes(Bytes output) {
      return check.passes(output);
    }
  }

  private final Source source;

  /**
   * A factory of random inputs of the real input's size, drawn from {@code random}, with answers
   * from {@code oracle} (the simulator's model: its inputs are opaque bytes).
   */
  public CanaryFactory(Oracle oracle, RandomGenerator random) {
    this(
        (tag, real) -> {
          byte[] in = new byte[real.length()];
          random.nextBytes(in);
          Bytes input = Bytes.wrap(in);
          return oracle.expectedDigest(tag, input).map(d -> Canary.ofDigest(input, d));
        });
  }

  /** A factory taking its canaries from {@code source}. */
  public CanaryFactory(Source source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * A canary that stands beside {@code realInput} for {@code tag}, or empty if none can be made.
   */
  public Optional<Canary> make(CapabilityTag tag, Bytes realInput) {
    return source.canary(tag, realInput);
  }
}
