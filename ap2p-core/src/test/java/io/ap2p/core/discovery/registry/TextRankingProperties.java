package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The registry's answers to text queries from its inverted text index ({@link TextRanking}) equal
 * the reference ranking — {@link Matcher#rank} over every descriptor held, with the same
 * exploration salt — match for match, score breakdown for score breakdown (bit for bit) and byte
 * for byte, on random histories of admissions, re-publications with a higher seq (and new text),
 * withdrawals, expiries and tenure, with descriptor texts drawn from a small vocabulary (so words
 * are shared, repeated and of every frequency), claimed latencies and prices mostly of their own,
 * and queries mixing text (repeated words, unknown words, no word at all), tags and hard
 * constraints (latency and price bounds alone or together, at the held values and between them).
 */
class TextRankingProperties {

  static final String[] WORDS = {
    "fox",
    "watercolor",
    "banner",
    "draw",
    "bakery",
    "sale",
    "snowy",
    "forest",
    "png",
    "summary",
    "Fox",
    "image",
    "generate",
    "edit",
    "text",
    "zebra"
  };

  /** One step; {@code kind} picks register, withdraw, time passing or a query. */
  record Op(int kind, int a, int b, int c, int d, int e) {}

  @Provide
  Arbitrary<Op> ops() {
    Arbitrary<Integer> any = Arbitraries.integers().between(0, 1 << 20);
    return Combinators.combine(Arbitraries.integers().between(0, 13), any, any, any, any, any)
        .as(Op::new);
  }

  @Property(tries = 150)
  void textAnswersEqualTheFullRanking(
      @ForAll @Size(min = 5, max = 70) List<@From("ops") Op> ops,
      @ForAll @IntRange(min = 0, max = 3) int weights,
      @ForAll @IntRange(min = 0, max = 3) int share,
      @ForAll @IntRange(min = 2, max = 8) int trackedIdentities,
      @ForAll long seed) {
    ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
    Matcher matcher = new Matcher(FastRankingProperties.WEIGHTS[weights]);
    double explore = FastRankingProperties.SHARES[share];
    RegistryServer server =
        new RegistryServer(
            clock,
            new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
            new RegistryLimits(
                new SoftStateTable.Limits(3, 1000, 3_600_000L), 1e9, 1e9, trackedIdentities),
            matcher,
            explore > 0
                ? new RegistryServer.Exploration(explore, new SplittableRandom(seed))
                : RegistryServer.Exploration.NONE);
    SplittableRandom salts = new SplittableRandom(seed); // the same draws, in the same order
    Map<String, Long> seqs = new HashMap<>();
    int queries = 0;
    for (Op op : ops) {
      PrivateKey k = FastRankingProperties.KEYS[op.a() % FastRankingProperties.KEYS.length];
      String id = "cap-" + op.b() % 3;
      switch (op.kind()) {
        case 0, 1, 2, 3, 4, 5 -> {
          long seq = seqs.merge(k.peerId() + id, 1L + op.c() % 2, Long::sum);
          SignedDescriptor sd = descriptor(k, id, seq, op, clock);
          server.handle(k.peerId(), new RegistryMessage.Register(sd.toJsonBytes()));
        }
        case 6 ->
            server.handle(
                k.peerId(),
                new RegistryMessage.Withdraw(id, seqs.getOrDefault(k.peerId() + id, 0L)));
        case 7, 8 -> clock.advance(op.c() % 400_000);
        default -> {
          Query q = query(op);
          RegistryServer.Begun.Rank rank =
              (RegistryServer.Begun.Rank)
                  server.begin(FastRankingProperties.KEYS[0].peerId(), new RegistryMessage.Find(q));
          int explored = explore > 0 ? (int) Math.floor(q.limit() * explore) : 0;
          long salt = explore > 0 ? salts.nextLong() : 0;
          List<Match> expected =
              matcher.rank(q, server.table().all(), server.tenure(), explored, salt);
          if (TextRanking.applies(q)) {
            assertThat(rank.ranked()).as("the text index answers %s", q).isNotNull();
          }
          if (rank.ranked() != null) {
            assertThat(rank.ranked()).as("query %s at step %d", q, queries).isEqualTo(expected);
          }
          Statistics.label("query path")
              .collect(
                  rank.ranked() == null
                      ? "full ranking"
                      : TextRanking.applies(q) ? "text index" : "tag index");
          Statistics.label("answer")
              .collect(
                  expected.isEmpty()
                      ? "empty"
                      : expected.size() < q.limit() ? "all matches" : "limit reached");
          assertThat(((RegistryMessage.Found) server.answer(rank)).descriptors())
              .as("query %s at step %d", q, queries)
              .isEqualTo(expected.stream().map(m -> m.descriptor().toJsonBytes()).toList());
          queries++;
        }
      }
    }
  }

  /** A query: text of a few words (or none), with no tag, one, one twice, or two. */
  static Query query(Op op) {
    List<CapabilityTag> tags = new ArrayList<>();
    switch (op.b() % 5) {
      case 0, 1 -> {}
      case 2 -> tags.add(new CapabilityTag(op.b() % 2 == 0 ? "image" : "image.generate"));
      case 3 -> {
        tags.add(tag(op.b() / 5));
        tags.add(tag(op.b() / 5));
      }
      default -> {
        tags.add(tag(op.b() / 5));
        tags.add(tag(op.b() / 25));
      }
    }
    String text =
        switch (op.c() % 16) {
          case 0 -> "!!";
          case 1 -> "nothing-held";
          default -> words(op.c() / 16, 1 + op.c() % 4);
        };
    int limit = 1 + op.d() % 7;
    int constraint = op.d() / 7 % 12;
    // bounds at the generator's fixed values and at values among its varied ones
    long latency = constraint == 7 || constraint == 8 ? 400 + op.e() % 5200 : 3000;
    double price = constraint == 8 || constraint == 9 ? op.e() / 7 % 45 / 1000.0 : 0.02;
    return new Query(
        text,
        tags,
        constraint == 1 || constraint == 6 || constraint == 7 || constraint == 8 ? latency : 0,
        constraint == 2 || constraint == 6 || constraint == 8 || constraint == 9
            ? Optional.of(price)
            : Optional.empty(),
        constraint == 3 ? Optional.of("eu") : Optional.empty(),
        constraint == 4 ? SideEffect.NONE : SideEffect.IRREVERSIBLE,
        constraint == 5 ? 3 : 1,
        limit);
  }

  private static CapabilityTag tag(int i) {
    return new CapabilityTag(
        FastRankingProperties.QUERY_TAGS[i % FastRankingProperties.QUERY_TAGS.length]);
  }

  /** {@code n} words picked by the digits of {@code x} (so some repeat). */
  static String words(int x, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : i % 2 == 0 ? ", " : " ").append(WORDS[x % WORDS.length]);
      x = x / WORDS.length + i;
    }
    return sb.toString();
  }

  /**
   * {@link FastRankingProperties#descriptor} with a name, description and examples picked by {@code
   * op.e()}.
   */
  static SignedDescriptor descriptor(PrivateKey k, String id, long seq, Op op, ManualClock clock) {
    ObjectNode t = FastRankingProperties.template(id, seq, op.c(), op.d());
    int e = op.e();
    ObjectNode intent = (ObjectNode) t.get("intent");
    intent.put("name", words(e, 1 + e % 3));
    intent.put("description", words(e / 3, e % 7) + (e % 5 == 0 ? " 1024x1024" : ""));
    var examples = intent.putArray("examples");
    for (int i = 0; i < e / 7 % 3; i++) {
      examples.add(words(e / (11 + i), 2 + i));
    }
    if (e % 13 == 0) {
      intent.put("description", "fox a ".repeat(300)); // over TextRelevance.MAX_TOKENS
    }
    if (e % 3 != 0) {
      // a claimed latency and price of its own, most of them different from every other's
      if (t.has("qos")) {
        ((ObjectNode) t.get("qos")).put("latencyP95Ms", 500 + e / 3 % 5000);
      } else {
        ((ObjectNode) t.get("constraints")).put("deadlineMs", 500 + e / 3 % 5000);
      }
      ((ObjectNode) t.get("constraints").get("price")).put("amount", e / 11 % 45 / 1000.0);
      Statistics.label("latency and price").collect("varied");
    }
    return Fixtures.signed(k, t, clock.instant());
  }
}
