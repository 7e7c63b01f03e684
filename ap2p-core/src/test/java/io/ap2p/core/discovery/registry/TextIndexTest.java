package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.matching.TextRelevance;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text index's bookkeeping and hostile texts and queries. */
class TextIndexTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final Matcher matcher = new Matcher(RankingWeights.DEFAULT);
  final TagIndex index = new TagIndex(clock, matcher, peer -> null);
  final TextRanking ranking = new TextRanking(index, new FastRanking(index));
  final List<SignedDescriptor> held = new ArrayList<>();

  SignedDescriptor add(int key, String id, String description, String tag) {
    return add(key, id, description, tag, 0);
  }

  /** A descriptor with {@code examples} examples of 512 characters of distinct words. */
  SignedDescriptor add(int key, String id, String description, String tag, int examples) {
    ObjectNode t = Fixtures.template();
    t.put("id", id);
    ((ObjectNode) t.get("intent")).put("description", description);
    ((ObjectNode) t.get("intent")).putArray("tags").add(tag);
    var ex = ((ObjectNode) t.get("intent")).putArray("examples");
    for (int i = 0; i < examples; i++) {
      StringBuilder sb = new StringBuilder("e" + i + "x".repeat(100));
      for (int j = 0; sb.length() < 500; j++) {
        sb.append(" v").append(i).append('z').append(j);
      }
      ex.add(sb.toString());
    }
    SignedDescriptor sd = Fixtures.signed(Fixtures.key(400 + key), t, clock.instant());
    index.add(sd);
    held.add(sd);
    return sd;
  }

  void remove(SignedDescriptor sd) {
    index.remove(sd);
    held.remove(sd);
  }

  /** The index's answer equals the full ranking's, exploring half with a fixed salt. */
  void assertSameAnswer(Query q) {
    int explore = q.limit() / 2;
    assertThat(ranking.rank(q, clock.millis(), explore, 99))
        .as("%s", q.text())
        .isEqualTo(matcher.rank(q, held, TrustView.NONE, explore, 99));
  }

  @Test
  void termsAndClassesLeaveWithTheirLastDescriptor() {
    SignedDescriptor a = add(1, "a", "a red fox", "image.generate");
    SignedDescriptor b = add(2, "b", "a blue fox", "text.summarize");
    TextIndex text = index.text();
    assertThat(text.term("fox").size).isEqualTo(2);
    assertThat(text.term("red").size).isEqualTo(1);
    remove(a);
    assertThat(text.term("red")).isNull();
    assertThat(text.term("fox").size).isEqualTo(1);
    assertThat(text.scope(new CapabilityTag("image"))).isEmpty();
    remove(b);
    assertThat(text.terms()).isZero();
    assertThat(text.postings()).isZero();
    assertThat(text.classes()).isZero();
    assertThat(text.scope(null)).isEmpty();
  }

  @Test
  void aDescriptorCountsAtMostMaxTokens() {
    SignedDescriptor sd = add(1, "a", "w1 w2 ".repeat(150) + "x".repeat(3) + " y", "image");
    for (int i = 0; i < 300; i++) {
      add(2 + i % 5, "b" + i, ("v" + i + " ").repeat(1 + i % 3), "image.edit");
    }
    IndexEntry e = findEntry(sd);
    assertThat(e.length).isLessThanOrEqualTo(TextRelevance.MAX_TOKENS);
    assertThat(e.terms.length).isLessThanOrEqualTo(TextRelevance.MAX_TOKENS);
    assertSameAnswer(Query.text("w1 y x", List.of(), 5));
    assertSameAnswer(Query.text("w1 v3 v17", List.of(new CapabilityTag("image")), 7));
  }

  @Test
  void aHugeVocabularyIsAdmittedWithBoundedIndexMemory() {
    add(1, "plain", "w17 fox " + "k".repeat(300), "image");
    int terms = index.text().terms();
    long postings = index.text().postings();
    // as many distinct words, some very long, as a descriptor's text holds (a description of 2,048
    // characters and 16 examples of 512)
    StringBuilder huge = new StringBuilder("w50" + "y".repeat(300));
    for (int i = 0; huge.length() < 2_000; i++) {
      huge.append(' ').append("w").append(i);
    }
    SignedDescriptor sd = add(2, "huge", huge.toString(), "image.generate", 16);
    IndexEntry e = findEntry(sd);
    assertThat(e.terms.length).isEqualTo(TextRelevance.MAX_TERMS);
    assertThat(index.text().postings()).isEqualTo(postings + TextRelevance.MAX_TERMS);
    assertThat(index.text().terms() - terms).isLessThanOrEqualTo(TextRelevance.MAX_TERMS);
    for (Term t : e.terms) {
      assertThat(t.text.length()).isLessThanOrEqualTo(TextRelevance.MAX_WORD);
    }
    // the full ranking reads the same capped text: a word past the cap matches neither, a long
    // word matches as its first MAX_WORD characters
    assertSameAnswer(Query.text("w17", List.of(), 5));
    assertSameAnswer(Query.text("w9000 w5000", List.of(), 5));
    assertSameAnswer(Query.text("k".repeat(70) + " fox", List.of(), 5));
    assertSameAnswer(Query.text("w50" + "y".repeat(100), List.of(new CapabilityTag("image")), 5));
    assertThat(ranking.rank(Query.text("k".repeat(64), List.of(), 5), clock.millis(), 0, 1))
        .extracting(m -> m.descriptor().descriptor().id())
        .containsExactly("plain");
    remove(sd);
    assertThat(index.text().terms()).isEqualTo(terms);
  }

  @Test
  void hostileQueriesGetTheFullRankingsAnswer() {
    for (int i = 0; i < 40; i++) {
      add(i % 9, "c" + i, "fox " + "ab".repeat(i % 4 + 1) + " z" + (i % 7), "image.generate");
    }
    add(10, "long", "q".repeat(2000), "image");
    StringBuilder many = new StringBuilder();
    for (int i = 0; many.length() < Query.MAX_TEXT - 8; i++) {
      many.append('z').append(i % 9).append(' ');
    }
    assertSameAnswer(Query.text(many.toString(), List.of(), 10));
    assertSameAnswer(Query.text("fox ".repeat(200), List.of(), 10));
    assertSameAnswer(Query.text("q".repeat(Query.MAX_TEXT), List.of(), 3));
    assertSameAnswer(Query.text("FOX\u00e9\u0301 \ud83e\udd8a abab", List.of(), 10));
    assertSameAnswer(Query.text("...", List.of(), 10));
    assertSameAnswer(Query.text("...", List.of(new CapabilityTag("image")), 10));
    assertSameAnswer(Query.text("fox", List.of(new CapabilityTag("audio")), 10));
  }

  @Test
  void marksSurviveTheStampWrapping() {
    for (int i = 0; i < 30; i++) {
      add(i % 6, "d" + i, "fox " + (i % 3 == 0 ? "hen" : "owl"), "image.generate");
    }
    index.text().stampForTest(Integer.MAX_VALUE - 2);
    for (int i = 0; i < 6; i++) {
      assertSameAnswer(Query.text(i % 2 == 0 ? "hen fox" : "owl", List.of(), 4));
      assertSameAnswer(Query.text("owl hen", List.of(new CapabilityTag("image")), 4));
    }
  }

  private IndexEntry findEntry(SignedDescriptor sd) {
    TagNode node = index.node(sd.descriptor().intent().tags().get(0));
    for (int i = 0; i < TagNode.KINDS * TagNode.GROUPS; i++) {
      if (node.list(i) != null) {
        for (IndexEntry e : node.list(i)) {
          if (e.descriptor == sd) {
            return e;
          }
        }
      }
    }
    throw new AssertionError("not indexed");
  }
}
