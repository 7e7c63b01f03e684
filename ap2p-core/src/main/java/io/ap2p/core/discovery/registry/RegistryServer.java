package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorCheck;
import io.ap2p.core.discovery.DescriptorKey;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The registry side of {@code /ap2p/registry/1.0.0}, sans-I/O: each request from an authenticated
 * remote peer gets exactly one reply. The publisher must be the remote peer (an id inside the
 * payload is never trusted); each identity is rate-limited and quota-bound, so a flood of fresh
 * identities cannot evict held descriptors.
 */
public final class RegistryServer {

  private final Clock clock;
  private final DescriptorCheck validator;
  private final RegistryLimits limits;
  private final SoftStateTable table;
  private final Matcher matcher;
  private final Exploration exploration;
  private final Map<PeerId, TokenBucket> buckets;
  // revocation lookups (a finder checks each answer it gets) have their own budget per identity,
  // so checking an answer does not halve the queries a finder may send
  private final Map<PeerId, TokenBucket> lookupBuckets;
  private final Map<DescriptorKey, Bytes> wire = new HashMap<>();
  private final Map<PeerId, Long> firstSeen;
  // every tag of every live descriptor and each of the tags' parents → the descriptors under it,
  // in ranking order, so a query with tags (which must match, HardFilter) reads only those, and a
  // query with one tag and no text reads only the best few (FastRanking)
  private final TagIndex index;
  private final FastRanking fast;
  private final TextRanking text;
  private boolean fastQueries = true;
  private final RegistryRevocations revocations;
  private final IdentityAdmission identities;

  /**
   * How long a provider must have stayed registered for full tenure credit in the ranking of
   * answers; a fresh identity has none, so a flood of new (Sybil) identities cannot push
   * established providers out of a bounded answer.
   */
  public static final long TENURE_FOR_FULL_CREDIT_MILLIS = 10 * 60_000L;

  /**
   * How much of an answer the registry gives to matches from beyond the best-ranked: a {@code
   * share} of the query's limit (0 to 1), drawn with {@code random} (one draw per query).
   */
  public record Exploration(double share, RandomGenerator random) {

    /** Answers are the best-ranked matches only. */
    public static final Exploration NONE = new Exploration(0, null);

    /** Checks the share, and that a random source comes with a positive one. */
    public Exploration {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("exploration share must be within 0..1");
      }
      if (share > 0 && random == null) {
        throw new IllegalArgumentException("exploration needs a random source");
      }
    }
  }

  /** A registry with an empty table whose answers are the best-ranked matches. */
  public RegistryServer(
      Clock clock, DescriptorCheck validator, RegistryLimits limits, Matcher matcher) {
    this(clock, validator, limits, matcher, Exploration.NONE);
  }

  /**
   * A registry with an empty table that gives part of each answer to matches from beyond the
   * best-ranked ({@code exploration}), so identities that out-announce the honest cannot fill it.
   */
  public RegistryServer(
      Clock clock,
      DescriptorCheck validator,
      RegistryLimits limits,
      Matcher matcher,
      Exploration exploration) {
    this.clock = clock;
    this.validator = validator;
    this.limits = limits;
    this.matcher = matcher;
    this.exploration = exploration;
    this.table = new SoftStateTable(clock, limits.table());
    this.revocations = new RegistryRevocations(clock, table, limits.revocations());
    int cap = limits.maxTrackedIdentities();
    this.identities = new IdentityAdmission(limits.identityBits(), cap);
    this.firstSeen =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<PeerId, Long> e) {
            if (size() > cap) {
              index.tenure(e.getKey(), null);
              return true;
            }
            return false;
          }
        };
    this.index = new TagIndex(clock, matcher, firstSeen::get);
    this.fast = new FastRanking(index);
    this.text = new TextRanking(index, fast);
    this.table.addListener(
        new SoftStateTable.Listener() {
          @Override
          public void added(SignedDescriptor d) {
            index.add(d);
          }

          @Override
          public void replaced(SignedDescriptor previous, SignedDescriptor current) {
            index.remove(previous);
            index.add(current);
          }

          @Override
          public void expired(SignedDescriptor d) {
            wire.remove(d.key());
            index.remove(d);
            forgetIfGone(d.descriptor().peer());
          }

          @Override
          public void withdrawn(SignedDescriptor d) {
            wire.remove(d.key());
            index.remove(d);
            forgetIfGone(d.descriptor().peer());
          }
        });
    this.buckets = buckets(cap);
    this.lookupBuckets = buckets(cap);
  }

  /** Rate-limit buckets per identity, the least recently used dropped beyond {@code cap}. */
  private static Map<PeerId, TokenBucket> buckets(int cap) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<PeerId, TokenBucket> e) {
        return size() > cap;
      }
    };
  }

  /** The revocations the registry holds and applies (docs/revocation.md). */
  public RegistryRevocations revocations() {
    return revocations;
  }

  /** The table behind the registry (read it, add listeners; don't offer to it directly). */
  public SoftStateTable table() {
    return table;
  }

  /** Answers one request from {@code remote}, the authenticated peer of the connection. */
  public RegistryMessage handle(PeerId remote, RegistryMessage request) {
    return switch (begin(remote, request)) {
      case Begun.Reply r -> r.message();
      case Begun.Judge j ->
          admit(remote, j.json(), validator.validate(j.json(), Optional.of(remote)));
      case Begun.Rank r -> answer(r);
    };
  }

  /** What {@link #begin} made of a request. */
  public sealed interface Begun {
    /** The answer, final. */
    record Reply(RegistryMessage message) implements Begun {}

    /**
     * A registration that passed the rate limit: judge {@code json} with {@link #validator()}, then
     * {@link #admit} it.
     */
    record Judge(Bytes json) implements Begun {}

    /**
     * A query whose candidates, their providers' tenure and the answers' bytes were taken from the
     * table: rank them with {@link #answer}, which reads nothing else.
     */
    final class Rank implements Begun {
      private final Query query;
      private final List<SignedDescriptor> candidates;
      private final TrustView tenure;
      private final boolean exploring;
      private final int explore;
      private final long salt;
      private final Map<DescriptorKey, Bytes> wire;
      private final List<Match> ranked; // null: rank the candidates
      private final int among;

      private Rank(
          Query query,
          List<SignedDescriptor> candidates,
          TrustView tenure,
          boolean exploring,
          int explore,
          long salt,
          Map<DescriptorKey, Bytes> wire,
          List<Match> ranked,
          int among) {
        this.ranked = ranked;
        this.among = among;
        this.query = query;
        this.candidates = candidates;
        this.tenure = tenure;
        this.exploring = exploring;
        this.explore = explore;
        this.salt = salt;
        this.wire = wire;
      }

      /** The answer read from the ordered index, or null when the candidates are to be ranked. */
      List<Match> ranked() {
        return ranked;
      }

      /**
       * How many descriptors the answer is chosen among: those to be ranked, or, for an answer read
       * from the ordered index, those under the query's tag.
       */
      public int candidates() {
        return ranked != null ? among : candidates.size();
      }
    }
  }

  /**
   * The first step of {@link #handle}, for runtimes that hold this registry under a lock but do the
   * costly parts outside it, on as many cores as they have: the rate limit and withdrawals are done
   * here; a registration comes back to be judged by {@link #validator()} and finished by {@link
   * #admit}, a query with its candidates to be ranked by {@link #answer}. Run one request at a
   * time, the steps give exactly what {@code handle} gives; run concurrently, a registration takes
   * effect at {@code admit}, so a withdrawal or query that begins while its signature is being
   * checked does not see it yet (as if it had arrived first).
   */
  public Begun begin(PeerId remote, RegistryMessage request) {
    long now = clock.millis();
    TokenBucket bucket =
        (request instanceof RegistryMessage.RevocationsOf ? lookupBuckets : buckets)
            .computeIfAbsent(
                remote, p -> new TokenBucket(limits.requestsPerSecond(), limits.burst(), now));
    if (!bucket.tryTake(now)) {
      return new Begun.Reply(
          RegistryAcks.of(Verdict.reject(RegistryReason.RATE_LIMITED, "slow down"), 0));
    }
    return switch (request) {
      case RegistryMessage.Register r ->
          identities
              .refusal(remote, r.identityProof())
              .<Begun>map(Begun.Reply::new)
              .orElseGet(() -> new Begun.Judge(r.signedDescriptor()));
      case RegistryMessage.Withdraw w -> new Begun.Reply(withdraw(remote, w));
      case RegistryMessage.Find f -> find(f);
      case RegistryMessage m when revocations.handles(m) -> new Begun.Reply(revocations.handle(m));
      default ->
          new Begun.Reply(
              RegistryAcks.of(Verdict.reject(RegistryReason.UNEXPECTED, "not a request"), 0));
    };
  }

  /**
   * {@link #begin} for a registration that another registry of a federation took and replicated
   * here ({@code signer} is the descriptor's): its identity proof travelled with it and is checked
   * here exactly as for a direct registration, with the signer as the sender (docs/discovery.md, "A
   * price on identities"), so a peer that gossips descriptors of fresh keys pays for each.
   */
  public Begun beginReplica(PeerId signer, RegistryMessage.Register replica) {
    return begin(signer, replica);
  }

  /**
   * The identity proof this registry holds for {@code peer} (checked when it came), or empty when
   * it asks for none or has forgotten it: sent to replicas with the peer's descriptors.
   */
  public Bytes identityProof(PeerId peer) {
    return identities.proofOf(peer);
  }

  /** The check registrations go through (see {@link #begin}). */
  public DescriptorCheck validator() {
    return validator;
  }

  /** Drops expired entries; returns how many. */
  public int expireDue() {
    return table.expireDue();
  }

  /**
   * The last step of a registration {@link #begin} passed: {@code verdict} is {@link
   * #validator()}'s judgement of {@code json} as sent by {@code remote}.
   */
  public RegistryMessage admit(PeerId remote, Bytes json, Verdict<SignedDescriptor> verdict) {
    Verdict<SignedDescriptor> v = verdict;
    if (!(v instanceof Verdict.Accepted<SignedDescriptor> ok)) {
      return RegistryAcks.of(v, 0);
    }
    SignedDescriptor sd = ok.value();
    if (!sd.descriptor().peer().equals(remote)) {
      throw new IllegalArgumentException(
          "admit: the verdict is for " + sd.descriptor().peer() + ", not the sender " + remote);
    }
    if (revocations.refusal(sd).orElse(null) instanceof RegistryMessage.Ack refused) {
      return refused;
    }
    Verdict<SoftStateTable.Change> offered = table.offer(sd);
    if (offered instanceof Verdict.Accepted<SoftStateTable.Change>) {
      // answers carry exactly the admitted bytes: rebuilt from the canonical form when they were
      // canonical (the usual case: the bytes are then held once), kept apart when they differ (a
      // publisher that sent whitespace, say)
      if (sd.toJsonBytes().equals(json)) {
        wire.remove(sd.key());
      } else {
        wire.put(sd.key(), json);
      }
      long now = clock.millis();
      if (firstSeen.putIfAbsent(remote, now) == null) {
        index.tenure(remote, now);
      }
    }
    return RegistryAcks.of(offered, sd.descriptor().expiresAtMillis());
  }

  private RegistryMessage withdraw(PeerId remote, RegistryMessage.Withdraw w) {
    Optional<SignedDescriptor> gone =
        table.withdraw(new DescriptorKey(remote, w.capabilityId()), w.seq());
    return gone.isPresent()
        ? new RegistryMessage.Ack(RegistryMessage.Status.ACCEPTED, "WITHDRAWN", "", 0)
        : RegistryAcks.of(
            Verdict.ignore(RegistryReason.NOT_FOUND, "no live " + w.capabilityId()), 0);
  }

  private Begun.Rank find(RegistryMessage.Find f) {
    if (table.nextDeadlineMillis() <= clock.millis()) {
      table.expireDue();
    }
    boolean exploring = exploration.share() > 0;
    int explore = exploring ? (int) Math.floor(f.query().limit() * exploration.share()) : 0;
    boolean tagOnly = FastRanking.applies(f.query());
    if (fastQueries && (tagOnly || TextRanking.applies(f.query())) && !f.query().scoped()) {
      // read from the ordered and text indexes, under the lock: the answer is final, and cheap
      long salt = exploring ? exploration.random().nextLong() : 0;
      long now = clock.millis();
      List<Match> ranked =
          tagOnly
              ? fast.rank(f.query(), now, explore, salt)
              : text.rank(f.query(), now, explore, salt);
      Map<DescriptorKey, Bytes> kept = new HashMap<>();
      for (Match m : ranked) {
        Bytes b = wire.isEmpty() ? null : wire.get(m.descriptor().key());
        if (b != null) {
          kept.put(m.descriptor().key(), b);
        }
      }
      return new Begun.Rank(
          f.query(),
          List.of(),
          null,
          exploring,
          explore,
          salt,
          kept,
          ranked,
          index.size(f.query()));
    }
    List<SignedDescriptor> candidates = candidates(f.query());
    // what ranking and answering read of the registry's state, copied for the candidates only
    Map<PeerId, Long> first = new HashMap<>();
    Map<DescriptorKey, Bytes> kept = wire.isEmpty() ? Map.of() : new HashMap<>();
    for (SignedDescriptor sd : candidates) {
      PeerId p = sd.descriptor().peer();
      Long t = firstSeen.get(p);
      if (t != null) {
        first.put(p, t);
      }
      Bytes b = wire.isEmpty() ? null : wire.get(sd.key());
      if (b != null) {
        kept.put(sd.key(), b);
      }
    }
    long salt = exploring ? exploration.random().nextLong() : 0;
    return new Begun.Rank(
        f.query(),
        candidates,
        TenureView.of(clock.millis(), first, TENURE_FOR_FULL_CREDIT_MILLIS),
        exploring,
        explore,
        salt,
        kept,
        null,
        0);
  }

  /**
   * The last step of a query whose candidates {@link #begin} took: ranks them and answers with
   * their admitted bytes. It reads nothing but {@code rank}, so it may run outside the lock, at the
   * same time as other steps.
   */
  public RegistryMessage answer(Begun.Rank rank) {
    List<Match> matches =
        rank.ranked != null
            ? rank.ranked
            : rank.query.scoped()
                ? ScopedRanking.rank(
                    matcher, rank.query, rank.candidates, rank.tenure, rank.explore, rank.salt)
                : rank.exploring
                    ? matcher.rank(
                        rank.query, rank.candidates, rank.tenure, rank.explore, rank.salt)
                    : matcher.rank(rank.query, rank.candidates, rank.tenure);
    return new RegistryMessage.Found(
        matches.stream()
            .map(
                m -> {
                  Bytes admitted = rank.wire.get(m.descriptor().key());
                  return admitted != null ? admitted : m.descriptor().toJsonBytes();
                })
            .toList());
  }

  /**
   * The registry's only evidence about providers: how long each has stayed registered, from 0 (just
   * arrived) to 1 ({@link #TENURE_FOR_FULL_CREDIT_MILLIS} or more). Requesters re-rank with their
   * own trust.
   */
  public TrustView tenure() {
    return TenureView.of(clock.millis(), firstSeen, TENURE_FOR_FULL_CREDIT_MILLIS);
  }

  /** The descriptors a query can match: those under one of its tags, or all for text only. */
  private List<SignedDescriptor> candidates(Query q) {
    if (q.tags().isEmpty()) {
      return table.all();
    }
    if (q.tags().stream().distinct().count() == 1) {
      return index.under(q.tags().get(0));
    }
    Set<SignedDescriptor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<SignedDescriptor> out = new ArrayList<>();
    for (CapabilityTag t : q.tags()) {
      for (SignedDescriptor sd : index.under(t)) {
        if (seen.add(sd)) {
          out.add(sd);
        }
      }
    }
    return out;
  }

  /**
   * Whether tag queries without text are answered from the ordered index (the default) or, as the
   * reference they must equal, by ranking every descriptor under their tags with the {@link
   * Matcher} (for tests and benchmarks).
   */
  void fastQueries(boolean on) {
    this.fastQueries = on;
  }

  private void forgetIfGone(PeerId peer) {
    if (table.byPeer(peer).isEmpty() && firstSeen.remove(peer) != null) {
      index.tenure(peer, null);
    }
  }
}
