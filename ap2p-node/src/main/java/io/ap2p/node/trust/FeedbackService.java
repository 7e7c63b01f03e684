package io.ap2p.node.trust;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.FeedbackCodec;
import io.ap2p.core.trust.FeedbackReport;
import io.ap2p.core.trust.FeedbackVerifier;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.runtime.RequestResponse;
import io.ap2p.net.runtime.WireCodec;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tier 1 shared feedback, {@code /ap2p/feedback/1.0.0}. Answering: a query names up to 16 peers and
 * a nonce; the answer is what this node's {@link FeedbackSource} says of each, one report per tag,
 * signed under {@link FeedbackCodec#DOMAIN} with the nonce echoed. Asking ({@link #consult}):
 * before candidates are ranked, the requester asks the few peers it already trusts (overall score
 * above 0, best first, at most {@link #MAX_REPORTERS}) about candidates it has no record of, waits
 * at most {@link #TIMEOUT}, verifies each report ({@link FeedbackVerifier}) and applies it with
 * {@link io.ap2p.core.trust.Reputation#report}, weighted by the reporter's own standing; each
 * report's evidence is capped at {@link #MAX_APPLIED} outcomes. A peer asked about is not asked
 * about again for {@link #REASK_AFTER}.
 */
public final class FeedbackService implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(FeedbackService.class.getName());

  /** Most peers asked for feedback before one ranking. */
  public static final int MAX_REPORTERS = 3;

  /** The longest a ranking waits for feedback. */
  public static final Duration TIMEOUT = Duration.ofMillis(1500);

  /** Most evidence one report adds, in outcomes (before the reporter's weight). */
  public static final double MAX_APPLIED = 5;

  /** How long a peer asked about is not asked about again. */
  public static final Duration REASK_AFTER = Duration.ofMinutes(10);

  /** Most peers remembered as recently asked about. */
  static final int MAX_ASKED = 10_000;

  static final RequestResponse<FeedbackCodec.Query, FeedbackCodec.Answer> PROTOCOL =
      new RequestResponse<>(
          FeedbackCodec.PROTOCOL,
          WireCodec.of(
              FeedbackCodec::encodeQuery, FeedbackCodec::decodeQuery, FeedbackCodec.MAX_QUERY),
          WireCodec.of(
              FeedbackCodec::encodeAnswer, FeedbackCodec::decodeAnswer, FeedbackCodec.MAX_ANSWER),
          Duration.ofSeconds(5),
          2);

  private final Host host;
  private final Signer identity;
  private final Clock clock;
  private final TrustBook book;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<PeerId, Long> asked = new LinkedHashMap<>(); // guarded by itself
  private volatile FeedbackSource source;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  /** A service for {@code host}, signing as {@code identity}, saying what {@code source} says. */
  public FeedbackService(
      Host host, Signer identity, Clock clock, TrustBook book, FeedbackSource source) {
    this.host = host;
    this.identity = identity;
    this.clock = clock;
    this.book = book;
    this.source = source;
  }

  /** Answers feedback queries on the host. */
  public FeedbackService serve() {
    PROTOCOL.serve(host, (peer, q) -> Optional.of(answer(peer, q)));
    return this;
  }

  /** Replaces what this node says about peers (for adversary personas and tests). */
  public void answerWith(FeedbackSource source) {
    this.source = source;
  }

  /** The answer to {@code asker}'s query {@code q}: signed reports, at most 64. */
  FeedbackCodec.Answer answer(PeerId asker, FeedbackCodec.Query q) {
    List<FeedbackCodec.Signed> out = new ArrayList<>();
    long now = clock.millis();
    for (PeerId subject : q.subjects()) {
      if (subject.equals(identity.peerId())) {
        continue;
      }
      for (FeedbackSource.Statement st : source.about(asker, subject, q.tags())) {
        if (out.size() == FeedbackCodec.MAX_REPORTS) {
          return new FeedbackCodec.Answer(out);
        }
        if (st.goodMilli() == 0 && st.badMilli() == 0) {
          continue;
        }
        out.add(
            FeedbackCodec.sign(
                new FeedbackReport(
                    identity.peerId(),
                    subject,
                    st.tag(),
                    st.goodMilli(),
                    st.badMilli(),
                    now,
                    q.nonce()),
                identity));
      }
    }
    return new FeedbackCodec.Answer(out);
  }

  /**
   * Asks trusted peers about those of {@code candidates} this node has no record of (for {@code
   * tags}, the tags the discovery asked for), and applies what they say; returns within about
   * {@link #TIMEOUT}. Returns the number of reports applied.
   */
  public int consult(List<PeerId> candidates, List<io.ap2p.core.discovery.CapabilityTag> tags) {
    List<PeerId> unknown = new ArrayList<>();
    long now = clock.millis();
    book.withReputation(
        r -> {
          for (PeerId p : candidates) {
            if (!r.known(p) && !p.equals(identity.peerId()) && unknown.size() < 16) {
              unknown.add(p);
            }
          }
          return null;
        });
    synchronized (asked) {
      unknown.removeIf(p -> asked.getOrDefault(p, Long.MIN_VALUE) > now - REASK_AFTER.toMillis());
      unknown.forEach(p -> asked.put(p, now));
      while (asked.size() > MAX_ASKED) {
        asked.remove(asked.keySet().iterator().next());
      }
    }
    if (unknown.isEmpty()) {
      return 0;
    }
    List<PeerId> reporters =
        book.entries().stream()
            .filter(e -> e.overall().score() > 0 && !unknown.contains(e.peer()))
            .filter(e -> !e.peer().equals(identity.peerId()))
            .limit(MAX_REPORTERS)
            .map(e -> e.peer())
            .toList();
    if (reporters.isEmpty()) {
      return 0;
    }
    byte[] n = new byte[16];
    random.nextBytes(n);
    FeedbackCodec.Query query =
        new FeedbackCodec.Query(
            Bytes.of(n), unknown, tags.subList(0, Math.min(tags.size(), FeedbackCodec.MAX_TAGS)));
    Map<PeerId, Future<Optional<FeedbackCodec.Answer>>> pending = new LinkedHashMap<>();
    for (PeerId reporter : reporters) {
      pending.put(reporter, calls.submit(() -> ask(reporter, query)));
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    int applied = 0;
    for (Map.Entry<PeerId, Future<Optional<FeedbackCodec.Answer>>> e : pending.entrySet()) {
      Optional<FeedbackCodec.Answer> answer;
      try {
        answer = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException x) {
        e.getValue().cancel(true);
        continue;
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        break;
      }
      applied += apply(e.getKey(), query, answer.orElse(new FeedbackCodec.Answer(List.of())));
    }
    return applied;
  }

  /** Verifies and applies {@code answer} from {@code reporter}; returns the reports applied. */
  int apply(PeerId reporter, FeedbackCodec.Query query, FeedbackCodec.Answer answer) {
    long now = clock.millis();
    List<FeedbackReport> ok = new ArrayList<>();
    for (FeedbackCodec.Signed s : answer.reports()) {
      Verdict<FeedbackReport> v = FeedbackVerifier.verify(s, reporter, query, now);
      if (v instanceof Verdict.Accepted<FeedbackReport> a) {
        ok.add(a.value());
        accepted.incrementAndGet();
      } else {
        rejected.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, () -> "feedback from " + reporter + ": " + v);
      }
    }
    book.withReputation(
        r -> {
          for (FeedbackReport f : ok) {
            r.report(
                reporter,
                f.subject(),
                f.tag(),
                Math.min(MAX_APPLIED, f.goodMilli() / 1000.0),
                Math.min(MAX_APPLIED, f.badMilli() / 1000.0));
          }
          return null;
        });
    return ok.size();
  }

  private Optional<FeedbackCodec.Answer> ask(PeerId reporter, FeedbackCodec.Query q)
      throws IOException {
    Connection c = host.connect(reporter);
    return PROTOCOL.call(c, q);
  }

  /** Lets {@code peer} be asked about again at once (tests; after a forget). */
  void forgetAsked(PeerId peer) {
    synchronized (asked) {
      asked.remove(peer);
    }
  }

  /** Reports accepted so far. */
  public long accepted() {
    return accepted.get();
  }

  /** Reports rejected so far (forged, replayed, expired, misdirected). */
  public long rejected() {
    return rejected.get();
  }

  /** Stops answering and asking. */
  @Override
  public void close() {
    host.unhandle(FeedbackCodec.PROTOCOL);
    calls.shutdownNow();
  }
}
