package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Answers to scoped queries ({@link Query#scoped()}): the recalled providers' matches first, then
 * the ranked matches of everyone not excluded from the query's offset on, with the registry's
 * exploration over what is left after the offset. Ranks with the registry's {@link Matcher}, so a
 * scoped answer is ordered exactly as an unscoped one would be.
 */
final class ScopedRanking {

  private ScopedRanking() {}

  /** The answer to scoped {@code q} among {@code candidates}. */
  static List<Match> rank(
      Matcher matcher,
      Query q,
      List<SignedDescriptor> candidates,
      TrustView tenure,
      int explore,
      long salt) {
    Set<PeerId> recall = new HashSet<>(q.recall());
    List<SignedDescriptor> recalled = new ArrayList<>();
    List<SignedDescriptor> rest = new ArrayList<>();
    for (SignedDescriptor sd : candidates) {
      PeerId p = sd.descriptor().peer();
      if (q.exclude().contains(p)) {
        continue;
      }
      (recall.contains(p) ? recalled : rest).add(sd);
    }
    List<Match> answer = new ArrayList<>(matcher.rank(q, recalled, tenure));
    int room = q.limit() - answer.size();
    if (room == 0) {
      return answer;
    }
    // skip the offset best of the rest, a page (at most Query.MAX_LIMIT) at a time
    int skip = q.offset();
    while (skip > 0 && !rest.isEmpty()) {
      List<Match> page = matcher.rank(q.withLimit(Math.min(skip, Query.MAX_LIMIT)), rest, tenure);
      if (page.isEmpty()) {
        return answer;
      }
      Set<SignedDescriptor> gone = Collections.newSetFromMap(new IdentityHashMap<>());
      page.forEach(m -> gone.add(m.descriptor()));
      rest.removeIf(gone::contains);
      skip -= page.size();
    }
    Query page = q.withLimit(room);
    int explored = explore * room / q.limit(); // the registry's share of the room left
    answer.addAll(matcher.rank(page, rest, tenure, explored, salt));
    return answer;
  }
}
