package io.ap2p.node.trust;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.FeedbackCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * What this node says about a peer when another asks over {@code /ap2p/feedback/1.0.0}. An honest
 * node says what its own view holds ({@link #ownView}); an adversary persona can say anything (a
 * colluder praising its fellows), which is why the asking side weighs every report by the
 * reporter's standing.
 */
@FunctionalInterface
public interface FeedbackSource {

  /**
   * One statement about a peer's work on a tag.
   *
   * @param tag the capability tag
   * @param goodMilli good evidence × 1000
   * @param badMilli bad evidence × 1000 (a failure counts once)
   */
  record Statement(CapabilityTag tag, long goodMilli, long badMilli) {
    /** Clamps both to the wire's range. */
    public Statement {
      goodMilli = Math.max(0, Math.min(FeedbackCodec.MAX_EVIDENCE_MILLI, goodMilli));
      badMilli = Math.max(0, Math.min(FeedbackCodec.MAX_EVIDENCE_MILLI, badMilli));
    }
  }

  /**
   * What to say about {@code subject} to {@code asker}, who looks for {@code tags} (empty: any);
   * empty: nothing known.
   */
  List<Statement> about(PeerId asker, PeerId subject, List<CapabilityTag> tags);

  /** Says nothing about anyone. */
  FeedbackSource SILENT = (asker, subject, tags) -> List.of();

  /** The node's own view, per tag, aged to now (bad evidence divided back by the penalty). */
  static FeedbackSource ownView(TrustBook book) {
    return (asker, subject, tags) ->
        book.withReputation(
            r -> {
              List<Statement> out = new ArrayList<>();
              r.entry(subject)
                  .ifPresent(
                      e ->
                          e.tags()
                              .forEach(
                                  (tag, s) -> {
                                    if (tags.isEmpty() || tags.contains(tag)) {
                                      out.add(
                                          new Statement(
                                              tag,
                                              Math.round(s.good() * 1000),
                                              Math.round(s.bad() / r.penalty() * 1000)));
                                    }
                                  }));
              out.sort(java.util.Comparator.comparing(st -> st.tag().value()));
              return out;
            });
  }

  /**
   * A liar's testimony (the colluder persona): {@code milli} thousandths of good evidence on each
   * asked tag for the peers {@code vouchesFor} accepts, as much bad evidence for everyone else.
   */
  static FeedbackSource vouching(java.util.function.Predicate<PeerId> vouchesFor, long milli) {
    return (asker, subject, tags) ->
        tags.stream()
            .map(
                t ->
                    vouchesFor.test(subject)
                        ? new Statement(t, milli, 0)
                        : new Statement(t, 0, milli))
            .toList();
  }
}
