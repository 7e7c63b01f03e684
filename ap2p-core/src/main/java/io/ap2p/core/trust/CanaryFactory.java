package io.ap2p.core.trust;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Tier 2: makes canaries, tasks whose answer the requester can check, shaped like real tasks (same
 * input size distribution, fresh nonce and id) so a provider cannot tell them apart by form.
 */
public final class CanaryFactory {

  /** Knows or can cheaply check the answer to an input of a capability. */
  public interface Oracle {
    /** The expected output digest for {@code input} under {@code tag}, if checkable. */
    Optional<Bytes> expectedDigest(CapabilityTag tag, Bytes input);
  }

  /**
   * A canary: the input to send and the digest its honest output has.
   *
   * @param input the input, indistinguishable in form from a real one
   * @param expectedDigest SHA-256 of the correct output
   */
  public record Canary(Bytes input, Bytes expectedDigest) {

    /** Whether {@code output} is the right answer. */
    public boolean passes(Bytes output) {
      return Digests.sha256(output).equals(expectedDigest);
    }
  }

  private final Oracle oracle;
  private final RandomGenerator random;

  /** A factory drawing inputs from {@code random} and answers from {@code oracle}. */
  public CanaryFactory(Oracle oracle, RandomGenerator random) {
    this.oracle = oracle;
    this.random = random;
  }

  /**
   * A canary for {@code tag} with an input of {@code size} bytes, or empty when the oracle cannot
   * check this capability.
   */
  public Optional<Canary> make(CapabilityTag tag, int size) {
    byte[] in = new byte[size];
    random.nextBytes(in);
    Bytes input = Bytes.wrap(in);
    return oracle.expectedDigest(tag, input).map(d -> new Canary(input, d));
  }
}
