package io.ap2p.sim.world;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.scenario.Point;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * Where one requester's canaries and their known answers come from, and what they cost it ({@code
 * canarySource}): {@code fresh}, a new input for every canary whose answer the requester learns by
 * executing the capability itself (costing the capability's median service time each time); or
 * {@code set}, a canary set of {@code canarySetSize} inputs per capability, built once (that many
 * executions) and reused, so that an adversary that remembers inputs it has seen learns it over
 * time.
 */
public final class CanaryOracle implements CanaryFactory.Source {

  private final Point point;
  private final SplittableRandom random;
  private final DoubleConsumer costMs;
  private final Map<String, List<Bytes>> sets = new HashMap<>();

  /**
   * The oracle of one requester drawing from {@code random}, reporting its work to {@code costMs}.
   */
  public CanaryOracle(Point point, SplittableRandom random, DoubleConsumer costMs) {
    this.point = point;
    this.random = random;
    this.costMs = costMs;
  }

  @Override
  public Optional<CanaryFactory.Canary> canary(CapabilityTag tag, Bytes realInput) {
    Bytes input;
    if (point.canarySource().equals("set")) {
      List<Bytes> set =
          sets.computeIfAbsent(tag.value() + "|" + realInput.length(), k -> build(tag, realInput));
      input = set.get(random.nextInt(set.size()));
    } else {
      input = draw(realInput.length());
      costMs.accept(Offers.medianServiceMs(tag));
    }
    return Behaviour.expectedDigest(tag, input).map(d -> CanaryFactory.Canary.ofDigest(input, d));
  }

  private List<Bytes> build(CapabilityTag tag, Bytes like) {
    List<Bytes> set = new ArrayList<>(point.canarySetSize());
    for (int i = 0; i < point.canarySetSize(); i++) {
      set.add(draw(like.length()));
    }
    costMs.accept(point.canarySetSize() * Offers.medianServiceMs(tag));
    return set;
  }

  private Bytes draw(int length) {
    byte[] in = new byte[length];
    random.nextBytes(in);
    return Bytes.wrap(in);
  }
}
