package io.ap2p.core.trust;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a requester scopes its discovery queries with what its reputation view knows, so that a
 * registry's answer is not spent on providers it already distrusts and always holds those it has
 * found good: {@code exclude} leaves out the peers whose score for the query's tag is below zero
 * (caught failing, here or, through shared feedback, elsewhere), worst first, at most {@link
 * Query#MAX_EXCLUDE}; {@code recall} names the peers whose score for the tag is at least {@link
 * #TRUSTED}, best first, at most {@link Query#MAX_RECALL}. Used alike by nodes and the simulator.
 *
 * @param exclude whether queries exclude distrusted peers
 * @param recall whether queries recall trusted peers
 */
public record QueryScope(boolean exclude, boolean recall) {

  /** Queries as asked, unscoped. */
  public static final QueryScope NONE = new QueryScope(false, false);

  /** Score for a tag at or above which a peer is recalled (one clean success scores 1/3). */
  public static final double TRUSTED = 0.3;

  /** Whether this scope changes anything. */
  public boolean active() {
    return exclude || recall;
  }

  /** {@code q} scoped with what {@code view} knows about the providers of its first tag. */
  public Query apply(Query q, Reputation view) {
    if (!active() || q.tags().isEmpty()) {
      return q;
    }
    CapabilityTag tag = q.tags().get(0);
    record Scored(PeerId peer, double score) {}
    List<Scored> scored = new ArrayList<>();
    for (Reputation.Entry e : view.entries()) {
      Reputation.Standing s = e.tags().get(tag);
      double score = s != null ? s.score() : Math.min(0, e.overall().score());
      scored.add(new Scored(e.peer(), score));
    }
    // entries() is ordered by overall score then peer id: sort stably by the tag's score
    Set<PeerId> excluded = new LinkedHashSet<>(q.exclude());
    List<PeerId> recalled = new ArrayList<>(q.recall());
    if (exclude) {
      scored.stream()
          .filter(s -> s.score() < 0)
          .sorted(Comparator.comparingDouble(Scored::score))
          .limit(Math.max(0, Query.MAX_EXCLUDE - excluded.size()))
          .forEach(s -> excluded.add(s.peer()));
    }
    if (recall) {
      scored.stream()
          .filter(s -> s.score() >= TRUSTED && !excluded.contains(s.peer()))
          .sorted(Comparator.comparingDouble((Scored s) -> -s.score()))
          .map(Scored::peer)
          .filter(p -> !recalled.contains(p))
          .limit(Math.max(0, Query.MAX_RECALL - recalled.size()))
          .forEach(recalled::add);
    }
    return q.scoped(excluded, recalled, q.offset());
  }
}
