package io.ap2p.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Full rankings per second of {@code held} matching descriptors, as a registry ranks a scoped query
 * (exclude, recall, offset: no ordered index): limit 50, with every place explored (the simulator's
 * {@code registryExplore} 1.0, as in {@code sybil-scale}) and with none. Each explored candidate's
 * draw hashes its peer id once; the two figures differ by that and the second heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RankingBenchmark extends BenchBase {

  /** Matching descriptors held, one provider each. */
  @Param({"1000", "10000"})
  public int held;

  private final Matcher matcher = new Matcher(RankingWeights.DEFAULT);
  private List<SignedDescriptor> candidates;
  private Query query;
  private long salt;

  /** {@code held} descriptors of the example image-generation capability, one key each. */
  @Setup
  public void setup() throws Exception {
    Instant t0 = Instant.parse("2026-11-24T06:00:00Z");
    ObjectNode template =
        (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    candidates = new ArrayList<>(held);
    for (int i = 0; i < held; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) i;
      seed[1] = (byte) (i >>> 8);
      seed[2] = (byte) (i >>> 16);
      PrivateKey key = PrivateKey.fromSeed(Bytes.wrap(seed));
      candidates.add(
          DescriptorSigning.sign(DescriptorSigning.fromTemplate(template, key, t0), key));
    }
    CapabilityTag tag = candidates.get(0).descriptor().intent().tags().get(0);
    query = Query.forTag(tag, 50);
  }

  /** A ranking whose 50 places are all drawn from beyond the best (a new salt each time). */
  @Benchmark
  public List<Match> explored() {
    return matcher.rank(query, candidates, TrustView.NONE, 50, salt++);
  }

  /** The same ranking without exploration: the 50 best. */
  @Benchmark
  public List<Match> plain() {
    return matcher.rank(query, candidates, TrustView.NONE);
  }
}
