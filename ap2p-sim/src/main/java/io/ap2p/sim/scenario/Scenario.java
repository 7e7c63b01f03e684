package io.ap2p.sim.scenario;

import io.ap2p.core.trust.TierPolicy;
import java.util.List;

/**
 * A parsed scenario: its points (the cartesian product of swept keys), the policies compared at
 * each point and the number of seeds.
 */
public record Scenario(
    String name, String description, List<Point> points, List<TierPolicy> policies, int seeds) {

  /** Copies the lists. */
  public Scenario {
    points = List.copyOf(points);
    policies = List.copyOf(policies);
  }

  /** Runs in all: points × policies × seeds. */
  public int runs() {
    return points.size() * policies.size() * seeds;
  }
}
