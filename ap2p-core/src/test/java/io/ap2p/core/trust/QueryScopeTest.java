package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.identity.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryScopeTest {

  static final CapabilityTag IMAGE = new CapabilityTag("image.generate");
  static final CapabilityTag OTHER = new CapabilityTag("content.publish");

  static PeerId peer(int n) {
    return Fixtures.key(n).peerId();
  }

  @Test
  void excludesTheDistrustedAndRecallsTheTrustedForTheQuerysTag() {
    Reputation view = Reputation.defaults();
    view.record(peer(1), IMAGE, true); // 1/3: trusted
    view.record(peer(2), IMAGE, false); // distrusted
    view.record(peer(3), OTHER, false); // caught elsewhere: distrusted here too
    view.record(peer(4), OTHER, true); // credit does not spill over
    view.record(peer(5), IMAGE, true);
    view.record(peer(5), IMAGE, false); // mixed, below zero
    Query q = new QueryScope(true, true).apply(Query.forTag(IMAGE, 50), view);
    assertThat(q.exclude()).containsExactlyInAnyOrder(peer(2), peer(3), peer(5));
    assertThat(q.recall()).containsExactly(peer(1));
    assertThat(new QueryScope(true, false).apply(Query.forTag(IMAGE, 50), view).recall()).isEmpty();
    assertThat(new QueryScope(false, true).apply(Query.forTag(IMAGE, 50), view).exclude())
        .isEmpty();
    assertThat(QueryScope.NONE.apply(Query.forTag(IMAGE, 50), view))
        .isEqualTo(Query.forTag(IMAGE, 50));
  }

  @Test
  void staysWithinTheQueryLimitsBestAndWorstFirst() {
    Reputation view = Reputation.defaults();
    for (int i = 0; i < 300; i++) {
      view.record(peer(i), IMAGE, i % 2 == 0);
      if (i % 3 == 0) {
        view.record(peer(i), IMAGE, i % 2 == 0); // some are surer than others
      }
    }
    Query q = new QueryScope(true, true).apply(Query.forTag(IMAGE, 50), view);
    assertThat(q.exclude()).hasSize(Query.MAX_EXCLUDE);
    assertThat(q.recall()).hasSize(Query.MAX_RECALL);
    // the surest first: two successes (score 1/2) before one (1/3)
    for (PeerId p : q.recall()) {
      assertThat(view.score(p, IMAGE)).isEqualTo(0.5);
    }
    // a query without tags is left alone
    Query text = Query.text("draw a cat", List.of(), 10);
    assertThat(new QueryScope(true, true).apply(text, view)).isEqualTo(text);
  }
}
