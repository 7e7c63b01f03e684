package io.ap2p.core.trust.revocation;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For a {@link Revocations} table: which keys' held hand-overs name each key as successor, at most
 * {@link Revocations#MAX_PREDECESSORS} each, and the walk back along them, counting the keys it
 * visits. Not thread-safe.
 */
final class Predecessors {

  // successor → the keys whose hand-overs name it
  private final Map<PeerId, Set<PeerId>> namedBy = new HashMap<>();
  private long visited;

  /** Whether {@code successor} may be named by one more hand-over. */
  boolean room(PeerId successor) {
    return namedBy.getOrDefault(successor, Set.of()).size() < Revocations.MAX_PREDECESSORS;
  }

  /** Records that a hand-over of {@code old} names {@code successor}. */
  void name(PeerId successor, PeerId old) {
    namedBy.computeIfAbsent(successor, p -> new LinkedHashSet<>()).add(old);
  }

  /** Forgets that a hand-over of {@code old} names {@code successor}. */
  void unname(PeerId successor, PeerId old) {
    namedBy.computeIfPresent(
        successor,
        (p, olds) -> {
          olds.remove(old);
          return olds.isEmpty() ? null : olds;
        });
  }

  /** Counts {@code n} more keys visited by a walk. */
  void visit(int n) {
    visited += n;
  }

  /** Keys visited by walks so far. */
  long visited() {
    return visited;
  }

  /**
   * The keys whose chains of hand-overs lead to {@code peer}, nearest first, up to {@code hops}
   * back and at most {@link Revocations#MAX_ABOUT} of them.
   */
  List<PeerId> of(PeerId peer, int hops) {
    List<PeerId> out = new ArrayList<>();
    Set<PeerId> seen = new HashSet<>(List.of(peer));
    for (int from = -1, hop = 0; hop < hops && from < out.size(); hop++) {
      int end = out.size();
      for (int i = from; i < end; i++) {
        PeerId p = i < 0 ? peer : out.get(i);
        visited++;
        for (PeerId old : namedBy.getOrDefault(p, Set.of())) {
          if (out.size() >= Revocations.MAX_ABOUT) {
            return out;
          }
          if (seen.add(old)) {
            out.add(old);
          }
        }
      }
      from = end;
    }
    return out;
  }
}
