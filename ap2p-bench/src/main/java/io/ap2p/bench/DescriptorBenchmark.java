package io.ap2p.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Descriptors per second: full validation (parse, canonicalize, verify) and canonicalization alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DescriptorBenchmark extends BenchBase {

  private DescriptorValidator validator;
  private Bytes wire;
  private ObjectNode tree;

  /** One signed example descriptor and a validator whose clock is inside its lifetime. */
  @Setup
  public void setup() throws Exception {
    PrivateKey key = PrivateKey.fromSeed(Bytes.wrap(new byte[32]));
    Instant t0 = Instant.parse("2026-11-24T06:00:00Z");
    ObjectNode template =
        (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    SignedDescriptor sd =
        DescriptorSigning.sign(DescriptorSigning.fromTemplate(template, key, t0), key);
    wire = sd.toJsonBytes();
    tree = sd.toTree();
    validator =
        new DescriptorValidator(new ManualClock(t0.toEpochMilli()), DescriptorPolicy.DEFAULTS);
  }

  /** Everything a registry does to admit a descriptor, short of storing it. */
  @Benchmark
  public Verdict<SignedDescriptor> validate() {
    return validator.validate(wire);
  }

  /** RFC 8785 canonicalization of a parsed descriptor. */
  @Benchmark
  public Bytes canonicalize() {
    return Jcs.canonicalize(tree);
  }
}
