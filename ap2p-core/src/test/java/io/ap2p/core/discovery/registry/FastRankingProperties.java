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
import io.ap2p.core.discovery.matching.RankingWeights;
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
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The registry's answers from its ordered tag index equal the reference ranking — {@link
 * Matcher#rank} over every descriptor held, with the same exploration salt — on random histories of
 * admissions, refreshes, withdrawals, expiries, tenure growing and tenure forgotten (a small
 * identity cap), and queries with one or more tags, text and hard constraints.
 */
class FastRankingProperties {

  static final PrivateKey[] KEYS = new PrivateKey[7];

  static {
    for (int i = 0; i < KEYS.length; i++) {
      KEYS[i] = Fixtures.key(300 + i);
    }
  }

  static final String[][] TAGS = {
    {"image.generate"},
    {"image.generate"},
    {"image.generate.fast"},
    {"image.edit"},
    {"image"},
    {"text.summarize"},
    {"image.generate", "text.summarize"},
    {"image.edit", "image.generate.fast"},
  };

  static final String[] QUERY_TAGS = {"image", "image.generate", "image.edit", "text", "audio"};

  static final RankingWeights[] WEIGHTS = {
    RankingWeights.DEFAULT,
    RankingWeights.ANNOUNCEMENTS_ONLY,
    new RankingWeights(0.1, 0.1, 0.2, 0.6),
    new RankingWeights(0.3, 0.2, 0, 0.5),
  };

  static final double[] SHARES = {0, 0.25, 0.5, 1};

  /**
   * One step: {@code kind} picks register (new or refresh), withdraw, time passing or a query;
   * {@code a}..{@code d} are its parameters, used modulo what the kind needs.
   */
  record Op(int kind, int a, int b, int c, int d) {}

  @Provide
  Arbitrary<Op> ops() {
    Arbitrary<Integer> any = Arbitraries.integers().between(0, 1 << 20);
    return net.jqwik.api.Combinators.combine(
            Arbitraries.integers().between(0, 11), any, any, any, any)
        .as(Op::new);
  }

  @Property(tries = 120)
  void answersEqualTheFullRanking(
      @ForAll @Size(min = 5, max = 70) List<@From("ops") Op> ops,
      @ForAll @IntRange(min = 0, max = 3) int weights,
      @ForAll @IntRange(min = 0, max = 3) int share,
      @ForAll @IntRange(min = 2, max = 8) int trackedIdentities,
      @ForAll long seed) {
    ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
    Matcher matcher = new Matcher(WEIGHTS[weights]);
    double explore = SHARES[share];
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
      PrivateKey k = KEYS[op.a() % KEYS.length];
      String id = "cap-" + op.b() % 3;
      switch (op.kind()) {
        case 0, 1, 2, 3 -> {
          long seq = seqs.merge(k.peerId() + id, 1L + op.c() % 2, Long::sum);
          SignedDescriptor sd = descriptor(k, id, seq, op.c(), op.d(), clock);
          server.handle(k.peerId(), new RegistryMessage.Register(sd.toJsonBytes()));
        }
        case 4 ->
            server.handle(
                k.peerId(),
                new RegistryMessage.Withdraw(id, seqs.getOrDefault(k.peerId() + id, 0L)));
        case 5, 6 -> clock.advance(op.c() % 400_000);
        default -> {
          Query q = query(op);
          RegistryServer.Begun.Rank rank =
              (RegistryServer.Begun.Rank)
                  server.begin(KEYS[0].peerId(), new RegistryMessage.Find(q));
          int explored = explore > 0 ? (int) Math.floor(q.limit() * explore) : 0;
          long salt = explore > 0 ? salts.nextLong() : 0;
          List<Match> expected =
              matcher.rank(q, server.table().all(), server.tenure(), explored, salt);
          if (rank.ranked() != null) {
            // the same matches with the same scores, bit for bit
            assertThat(rank.ranked()).as("query %s at step %d", q, queries).isEqualTo(expected);
          }
          net.jqwik.api.statistics.Statistics.label("query path")
              .collect(rank.ranked() == null ? "full ranking" : "index");
          assertThat(((RegistryMessage.Found) server.answer(rank)).descriptors())
              .as("query %s at step %d", q, queries)
              .isEqualTo(expected.stream().map(m -> m.descriptor().toJsonBytes()).toList());
          queries++;
        }
      }
    }
  }

  /** A query: mostly one tag, sometimes two, text, or hard constraints. */
  static Query query(Op op) {
    List<CapabilityTag> tags = new ArrayList<>();
    tags.add(new CapabilityTag(QUERY_TAGS[op.a() % QUERY_TAGS.length]));
    if (op.b() % 7 == 0) {
      tags.add(new CapabilityTag(QUERY_TAGS[op.b() / 7 % QUERY_TAGS.length]));
    }
    if (op.b() % 11 == 0) {
      tags.clear();
    }
    String text = op.c() % 6 == 0 ? "watercolor fox banner" : op.c() % 6 == 1 ? "  " : "";
    if (tags.isEmpty() && text.isBlank()) {
      text = "image";
    }
    int limit = 1 + op.d() % 7;
    int constraint = op.d() / 7 % 9;
    return new Query(
        text,
        tags,
        constraint == 1 ? 3000 : 0,
        constraint == 2 ? Optional.of(0.02) : Optional.empty(),
        constraint == 3 ? Optional.of("eu") : Optional.empty(),
        constraint == 4 ? SideEffect.NONE : SideEffect.IRREVERSIBLE,
        constraint == 5 ? 3 : 1,
        limit);
  }

  /** A descriptor whose tags, claims and constraints come from {@code c} and {@code d}. */
  static SignedDescriptor descriptor(
      PrivateKey k, String id, long seq, int c, int d, ManualClock clock) {
    return Fixtures.signed(k, template(id, seq, c, d), clock.instant());
  }

  /** The template of {@link #descriptor}. */
  static ObjectNode template(String id, long seq, int c, int d) {
    ObjectNode t = Fixtures.template();
    t.put("id", id);
    t.put("seq", seq);
    t.put("ttlSeconds", 60 + 600 * (c % 4));
    var tags = ((ObjectNode) t.get("intent")).putArray("tags");
    for (String tag : TAGS[c / 4 % TAGS.length]) {
      tags.add(tag);
    }
    ObjectNode state = (ObjectNode) t.get("state");
    state.put("load", d % 3 * 0.25);
    state.put(
        "availability", d / 3 % 6 == 0 ? "unavailable" : d / 3 % 6 == 1 ? "degraded" : "available");
    ObjectNode qos = (ObjectNode) t.get("qos");
    qos.put("successRate", 0.9 + d / 18 % 3 * 0.05);
    qos.put("latencyP95Ms", 1000 + 2000 * (d / 54 % 3));
    qos.put("latencyP50Ms", 500);
    if (d / 162 % 5 == 0) {
      t.remove("qos");
    }
    ObjectNode constraints = (ObjectNode) t.get("constraints");
    ((ObjectNode) constraints.get("price")).put("amount", d / 810 % 2 == 0 ? 0.01 : 0.05);
    if (d / 1620 % 3 == 0) {
      constraints.remove("region");
    } else if (d / 1620 % 3 == 1) {
      constraints.put("region", "us");
    }
    constraints.put("sideEffect", d / 4860 % 2 == 0 ? "none" : "reversible");
    ((ObjectNode) t.get("verification")).put("receipts", d / 9720 % 2 == 0);
    return t;
  }
}
