package io.ap2p.node.persona;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.FeedbackReport;
import io.ap2p.core.wire.Bytes;
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

  /** Evidence it claims per report, in thousandths: fifty tasks' worth, all good or all bad. */
  public static final long CLAIMED_MILLI = 50_000;

  /**
   * Its (unsigned) feedback report on {@code subject}'s work on {@code tag}, answering the query
   * with {@code nonce} at {@code nowMillis}: {@value #CLAIMED_MILLI} thousandths of good evidence
   * for whom it vouches, as much bad evidence for everyone else. The feedback service signs and
   * sends it as it would an honest one.
   */
  public FeedbackReport report(PeerId subject, CapabilityTag tag, long nowMillis, Bytes nonce) {
    boolean good = vouchesFor(subject);
    return new FeedbackReport(
        self, subject, tag, good ? CLAIMED_MILLI : 0, good ? 0 : CLAIMED_MILLI, nowMillis, nonce);
  }

  /** The fellow colluders it vouches for. */
  public Set<PeerId> ring() {
    return ring;
  }
}
