package io.ap2p.node.trust.canary;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.wire.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * A requester's canary sources, asked in order: the first that has a canary for a step gives it.
 */
public final class Canaries implements CanaryFactory.Source {

  private final List<CanaryFactory.Source> sources;

  /** Sources asked in the order given. */
  public Canaries(List<CanaryFactory.Source> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public Optional<CanaryFactory.Canary> canary(CapabilityTag tag, Bytes realInput) {
    for (CanaryFactory.Source s : sources) {
      Optional<CanaryFactory.Canary> c = s.canary(tag, realInput);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }
}
