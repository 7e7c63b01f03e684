package io.ap2p.core.discovery.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatcherTest {

  private final Matcher matcher = new Matcher(RankingWeights.DEFAULT);

  static SignedDescriptor desc(int key, String id, String tag, String name, double price) {
    ObjectNode t = Fixtures.template();
    t.put("id", id);
    t.withObject("/intent").put("name", name);
    t.withObject("/intent").putArray("tags").add(tag);
    t.withObject("/constraints").withObject("/price").put("amount", price);
    return Fixtures.signed(Fixtures.key(key), t, Fixtures.T0);
  }

  static Query tagQuery(String tag) {
    return Query.forTag(new CapabilityTag(tag), 10);
  }

  @Test
  void exactTagBeatsATagBelowTheQueriedParent() {
    SignedDescriptor exact = desc(1, "a", "image", "Images", 0.01);
    SignedDescriptor below = desc(2, "b", "image.generate", "Images", 0.01);
    SignedDescriptor other = desc(3, "c", "text.summarize", "Summaries", 0.01);
    List<Match> ms = matcher.rank(tagQuery("image"), List.of(below, other, exact), TrustView.NONE);
    assertThat(ms).extracting(Match::descriptor).containsExactly(exact, below);
    assertThat(ms.get(0).score().tag()).isEqualTo(1.0);
    assertThat(ms.get(1).score().tag()).isEqualTo(0.5);
  }

  @Test
  void exploredPlacesComeFromBeyondTheBestWhateverTheCandidatesOrder() {
    // 60 equally good matches (ranked by peer id among themselves), limit 10, 4 explored places
    List<SignedDescriptor> all = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      all.add(desc(100 + i, "c" + i, "image.generate", "Images", 0.01));
    }
    Query q = Query.forTag(new CapabilityTag("image.generate"), 10);
    List<Match> plain = matcher.rank(q, all, TrustView.NONE);
    List<Match> explored = matcher.rank(q, all, TrustView.NONE, 4, 42);
    assertThat(explored).hasSize(10);
    // the first 6 are the best 6; the other 4 come from beyond them
    assertThat(explored.subList(0, 6)).isEqualTo(plain.subList(0, 6));
    List<SignedDescriptor> best6 = plain.subList(0, 6).stream().map(Match::descriptor).toList();
    assertThat(explored.subList(6, 10))
        .extracting(Match::descriptor)
        .doesNotContainAnyElementsOf(best6)
        .doesNotHaveDuplicates();
    // the pick does not depend on the order of the candidates, only on the salt
    List<SignedDescriptor> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(3));
    assertThat(matcher.rank(q, shuffled, TrustView.NONE, 4, 42)).isEqualTo(explored);
    java.util.Set<SignedDescriptor> seen = new java.util.HashSet<>();
    for (long salt = 0; salt < 50; salt++) {
      matcher
          .rank(q, all, TrustView.NONE, 4, salt)
          .subList(6, 10)
          .forEach(m -> seen.add(m.descriptor()));
    }
    assertThat(seen).hasSizeGreaterThan(40); // different salts reach most of the other 54
    // nothing to explore when every match fits
    assertThat(matcher.rank(q.withLimit(100), all, TrustView.NONE, 50, 42))
        .isEqualTo(matcher.rank(q.withLimit(100), all, TrustView.NONE));
  }

  @Test
  void exploredPlacesAreTheLowestDrawsBeyondTheBestAsPublished() {
    // the explored places are, by definition, the matches beyond the best with the lowest
    // published draw(salt, multihash), ties by ORDER, then listed in ORDER: check the picks against
    // that definition, computed here the slow way, for several salts and explored shares
    List<SignedDescriptor> all = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      all.add(desc(300 + i, "d" + i, "image.generate", "Images", 0.01 * (i % 7)));
      if (i % 10 == 0) {
        all.add(desc(300 + i, "e" + i, "image.generate", "Images", 0.02)); // one peer, two ids
      }
    }
    Query q = Query.forTag(new CapabilityTag("image.generate"), 12);
    List<Match> plain = matcher.rank(q.withLimit(100), all, TrustView.NONE);
    for (int explored : new int[] {1, 5, 12}) {
      for (long salt = -3; salt < 7; salt++) {
        long s = salt;
        List<Match> beyond = new ArrayList<>(plain.subList(12 - explored, plain.size()));
        beyond.sort(
            java.util.Comparator.comparingLong(
                    (Match m) ->
                        Matcher.draw(
                            s, m.descriptor().descriptor().peer().multihash().toByteArray()))
                .thenComparing(Matcher.ORDER));
        List<Match> expected = new ArrayList<>(plain.subList(0, 12 - explored));
        List<Match> picked = new ArrayList<>(beyond.subList(0, explored));
        picked.sort(Matcher.ORDER);
        expected.addAll(picked);
        assertThat(matcher.rank(q, all, TrustView.NONE, explored, salt)).isEqualTo(expected);
      }
    }
  }

  @Test
  void hardConstraintsFilter() {
    SignedDescriptor cheap = desc(1, "a", "image.generate", "Cheap", 0.01);
    SignedDescriptor dear = desc(2, "b", "image.generate", "Dear", 5.0);
    Query q =
        new Query(
            "",
            List.of(new CapabilityTag("image.generate")),
            0,
            Optional.of(1.0),
            Optional.empty(),
            SideEffect.NONE,
            1,
            10);
    assertThat(matcher.rank(q, List.of(cheap, dear), TrustView.NONE))
        .extracting(Match::descriptor)
        .containsExactly(cheap);
    assertThat(HardFilter.violation(q, dear.descriptor())).contains("price 5.0 > 1.0");
    Query wrongRegion =
        new Query("", List.of(), 0, Optional.empty(), Optional.of("us"), SideEffect.NONE, 1, 10);
    assertThat(HardFilter.violation(wrongRegion, cheap.descriptor())).contains("region eu");
    Query fast =
        new Query("", List.of(), 1000, Optional.empty(), Optional.empty(), SideEffect.NONE, 1, 10);
    assertThat(HardFilter.violation(fast, cheap.descriptor()))
        .contains("p95 latency 4500 ms > 1000 ms");
  }

  @Test
  void textRanksByWordsIncludingExamples() {
    SignedDescriptor image = desc(1, "a", "image.generate", "Generate an image", 0.01);
    ObjectNode t = Fixtures.template();
    t.put("id", "sum");
    t.withObject("/intent").put("name", "Summarise text");
    t.withObject("/intent").put("description", "Shortens long documents.");
    t.withObject("/intent").putArray("tags").add("text.summarize");
    t.withObject("/intent").putArray("examples").add("summarize this report");
    SignedDescriptor summary = Fixtures.signed(Fixtures.key(2), t, Fixtures.T0);
    List<Match> ms =
        matcher.rank(
            Query.text("please summarize my report", List.of(), 10),
            List.of(image, summary),
            TrustView.NONE);
    assertThat(ms).extracting(Match::descriptor).containsExactly(summary);
    assertThat(
            matcher.rank(
                Query.text("watercolor fox", List.of(), 10),
                List.of(image, summary),
                TrustView.NONE))
        .extracting(Match::descriptor)
        .containsExactly(image);
  }

  @Test
  void trustReordersAndNewcomersGetNoCredit() {
    SignedDescriptor a = desc(1, "a", "image.generate", "Images", 0.01);
    SignedDescriptor b = desc(2, "b", "image.generate", "Images", 0.01);
    PeerId trusted = b.descriptor().peer();
    TrustView view =
        new TrustView() {
          @Override
          public double score(PeerId peer, CapabilityTag tag) {
            return peer.equals(trusted) ? 0.9 : 0.0;
          }

          @Override
          public boolean known(PeerId peer) {
            return peer.equals(trusted);
          }
        };
    List<Match> ms = matcher.rank(tagQuery("image.generate"), List.of(a, b), view);
    assertThat(ms.get(0).descriptor()).isEqualTo(b);
    assertThat(ms.get(1).score().why()).contains("newcomer");
    assertThat(ms.get(0).score().why()).startsWith("score ").doesNotContain("newcomer");
  }

  @Test
  void rankingIsIndependentOfInputOrderAndRespectsTheLimit() {
    List<SignedDescriptor> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(desc(i + 1, "c" + (i % 3), "image.generate", "Images", 0.01 * (i % 4)));
    }
    Query q = tagQuery("image.generate").withLimit(7);
    List<Match> first = matcher.rank(q, all, TrustView.NONE);
    Random r = new Random(42);
    for (int round = 0; round < 5; round++) {
      List<SignedDescriptor> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, r);
      assertThat(matcher.rank(q, shuffled, TrustView.NONE)).isEqualTo(first);
    }
    assertThat(first).hasSize(7);
    for (int i = 1; i < first.size(); i++) {
      assertThat(first.get(i - 1).score().total())
          .isGreaterThanOrEqualTo(first.get(i).score().total());
    }
  }

  @Test
  void tokenizerIsBoundedOnHostileText() {
    String hostile = "a ".repeat(100_000);
    assertThat(TextRelevance.tokens(hostile)).hasSize(TextRelevance.MAX_TOKENS);
  }
}
