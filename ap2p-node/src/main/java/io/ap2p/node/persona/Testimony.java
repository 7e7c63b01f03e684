package io.ap2p.node.persona;

import io.ap2p.core.identity.PeerId;
import java.util.Objects;
import java.util.Set;

/**
 * What a colluder says about a peer when asked for feedback: that its fellow colluders (and itself)
 * did good work, and that everyone else did bad work, whatever it saw. The simulator's colluders
 * vouch for each other the same way ({@code PointRun.collude}); shared feedback is weighted by the
 * reporter's own standing, so a ring of liars with no standing gains little.
 */
public final class Testimony {

  private final PeerId self;
  private final Set<PeerId> ring;

  /** The testimony of {@code self}, colluding with {@code ring}. */
  public Testimony(PeerId self, Set<PeerId> ring) {
    this.self = Objects.requireNonNull(self, "self");
    this.ring = Set.copyOf(ring);
  }

  /**
   * Whether the colluder reports {@code peer}'s work as good: only a fellow colluder's, or its own.
   */
  public boolean vouchesFor(PeerId peer) {
    return peer.equals(self) || ring.contains(peer);
  }

  /** The fellow colluders it vouches for. */
  public Set<PeerId> ring() {
    return ring;
  }
}
