package io.ap2p.sim.incentives;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.incentives.ReciprocityLedger;
import io.ap2p.core.incentives.ServicePolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One run of the incentives scenario: one seed, with or without the ledger. Each provider keeps its
 * own {@link ReciprocityLedger} (core's) from the tasks it served and was served, priced at one
 * credit each (no cost hints here), and queues by {@link ServicePolicy#ORDER}; without the ledger
 * every balance is 0, so the same queue is first come, first served.
 */
public final class IncentivesWorld {

  /** What one class of peers got and gave in one run. */
  public record ClassResult(
      int peers, long requests, long served, double waitSumMs, long given, long stamps) {

    /** Share of measured requests that were served in time. */
    public double successRate() {
      return requests == 0 ? 0 : (double) served / requests;
    }

    /** Mean time from a request to the start of its service, over served requests. */
    public double meanWaitMs() {
      return served == 0 ? 0 : waitSumMs / served;
    }

    /** Tasks served for others per peer of the class (measured window). */
    public double givenPerPeer() {
      return peers == 0 ? 0 : (double) given / peers;
    }

    /** Stamps minted per peer of the class (measured window). */
    public double stampsPerPeer() {
      return peers == 0 ? 0 : (double) stamps / peers;
    }
  }

  private static final long UNIT = ReciprocityLedger.priceMicros(Optional.empty());

  private final IncentivesConfig c;
  private final boolean ledgerOn;
  private final ServicePolicy policy;
  private final Engine engine = new Engine(1_800_000_000_000L, Engine.DEFAULT_MAX_EVENTS);
  private final SplittableRandom random;
  private final int n;
  private final PeerClass[] kind;
  private final PeerId[] id;
  private final ReciprocityLedger[] ledger;
  private final long[] joinMicros;
  private final int[] busy;
  private final List<TreeMap<ServicePolicy.Waiting, Request>> queues = new ArrayList<>();
  private final long measureFrom;
  private final long measureTo;
  private long arrivals;
  private final long[] requests = new long[PeerClass.values().length];
  private final long[] served = new long[PeerClass.values().length];
  private final double[] waitSum = new double[PeerClass.values().length];
  private final long[] given = new long[PeerClass.values().length];
  private final long[] stamps = new long[PeerClass.values().length];

  /** A request in flight. */
  private static final class Request {
    final int from;
    final long created;
    final long deadline;
    final boolean measured;
    final List<Integer> tried = new ArrayList<>(4);
    int queuedAt = -1;
    ServicePolicy.Waiting key;
    boolean done;

    Request(int from, long created, long deadline, boolean measured) {
      this.from = from;
      this.created = created;
      this.deadline = deadline;
      this.measured = measured;
    }
  }

  /** A world for {@code seed}; {@code ledgerOn} chooses the mode. */
  public IncentivesWorld(IncentivesConfig c, boolean ledgerOn, long seed) {
    this.c = c;
    this.ledgerOn = ledgerOn;
    this.policy =
        ledgerOn
            ? new ServicePolicy(Math.round(c.minBalance() * UNIT), c.stampBits())
            : ServicePolicy.OPEN;
    this.random = new SplittableRandom(seed);
    this.n = c.peers() + c.newcomers();
    this.kind = new PeerClass[n];
    this.id = new PeerId[n];
    this.ledger = new ReciprocityLedger[n];
    this.joinMicros = new long[n];
    this.busy = new int[n];
    int freeRiders = (int) Math.round(c.peers() * c.freeRiders());
    int strategic = (int) Math.round(c.peers() * c.strategic());
    long half = c.seconds() * 1_000_000L / 2;
    for (int i = 0; i < n; i++) {
      kind[i] =
          i < freeRiders
              ? PeerClass.FREE_RIDER
              : i < freeRiders + strategic
                  ? PeerClass.STRATEGIC
                  : i < c.peers() ? PeerClass.CONTRIBUTOR : PeerClass.NEWCOMER;
      byte[] s = new byte[32];
      s[0] = (byte) i;
      s[1] = (byte) (i >>> 8);
      s[2] = 'i';
      id[i] = PrivateKey.fromSeed(Bytes.wrap(s)).peerId();
      ledger[i] = new ReciprocityLedger();
      joinMicros[i] = kind[i] == PeerClass.NEWCOMER ? half : 0;
      queues.add(new TreeMap<>(ServicePolicy.ORDER));
    }
    this.measureFrom = c.seconds() * 100_000L; // 10% of the run
    this.measureTo = c.seconds() * 1_000_000L - micros(c.deadlineMs());
  }

  /** Runs the world to its end and returns the results per class. */
  public Map<PeerClass, ClassResult> run() {
    for (int i = 0; i < n; i++) {
      int peer = i;
      engine.after(joinMicros[i] + nextArrival(), () -> request(peer));
    }
    engine.runUntil(c.seconds() * 1_000_000L + micros(c.deadlineMs()) * 2);
    int[] count = new int[PeerClass.values().length];
    for (PeerClass k : kind) {
      count[k.ordinal()]++;
    }
    Map<PeerClass, ClassResult> out = new EnumMap<>(PeerClass.class);
    for (PeerClass k : PeerClass.values()) {
      int o = k.ordinal();
      out.put(
          k, new ClassResult(count[o], requests[o], served[o], waitSum[o], given[o], stamps[o]));
    }
    return out;
  }

  /** A hash over every event time and decision: equal runs have equal traces. */
  public long traceHash() {
    return engine.traceHash();
  }

  private long nextArrival() {
    return micros(-Math.log(1 - random.nextDouble()) * 1000 / c.ratePerSecond());
  }

  private static long micros(double ms) {
    return Math.round(ms * 1000);
  }

  private boolean measuring(long at) {
    return at >= measureFrom && at < measureTo;
  }

  private void request(int from) {
    long now = engine.nowMicros();
    if (now >= c.seconds() * 1_000_000L) {
      return;
    }
    Request r = new Request(from, now, now + micros(c.deadlineMs()), measuring(now));
    if (r.measured) {
      requests[kind[from].ordinal()]++;
    }
    attempt(r);
    engine.after(nextArrival(), () -> request(from));
  }

  private void attempt(Request r) {
    long now = engine.nowMicros();
    if (r.done) {
      return;
    }
    if (r.tried.size() >= c.attempts() || now >= r.deadline) {
      r.done = true;
      return;
    }
    List<Integer> candidates = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      if (p != r.from && kind[p].serves() && joinMicros[p] <= now && !r.tried.contains(p)) {
        candidates.add(p);
      }
    }
    if (candidates.isEmpty()) {
      r.done = true;
      return;
    }
    int p = candidates.get(random.nextInt(candidates.size()));
    r.tried.add(p);
    engine.trace(p);
    engine.after(micros(c.latencyMs()), () -> arrive(p, r));
  }

  private void arrive(int p, Request r) {
    long balance = ledgerOn ? ledger[p].balanceMicros(id[r.from]) : 0;
    if (policy.needsStamp(balance)) {
      // every requester here mints the stamp asked (2^bits hashes on average), so none is refused
      if (r.measured) {
        stamps[kind[r.from].ordinal()]++;
      }
    }
    if (busy[p] < c.slots() && queues.get(p).isEmpty()) {
      start(p, r);
      return;
    }
    if (queues.get(p).size() >= c.queue()) {
      engine.after(micros(c.latencyMs()), () -> attempt(r)); // BUSY: the next candidate
      return;
    }
    r.queuedAt = p;
    r.key = new ServicePolicy.Waiting(balance, arrivals++);
    queues.get(p).put(r.key, r);
    engine.after(
        r.deadline - engine.nowMicros(),
        () -> {
          if (r.queuedAt == p && queues.get(p).remove(r.key) != null) {
            r.queuedAt = -1;
            r.done = true; // waited in the queue until its deadline
          }
        });
  }

  private void start(int p, Request r) {
    busy[p]++;
    if (kind[p] == PeerClass.STRATEGIC && random.nextDouble() >= c.observed()) {
      // not observed: dropped without doing the work; the requester learns it one hop later
      busy[p]--;
      engine.after(micros(c.latencyMs()), () -> attempt(r));
      next(p);
      return;
    }
    long startedAt = engine.nowMicros();
    double serviceMs = -Math.log(1 - random.nextDouble()) * c.serviceMs();
    engine.after(micros(serviceMs), () -> finish(p, r, startedAt));
  }

  private void finish(int p, Request r, long startedAt) {
    busy[p]--;
    long answeredAt = engine.nowMicros() + micros(c.latencyMs());
    if (answeredAt <= r.deadline && !r.done) {
      r.done = true;
      if (measuring(r.created)) {
        served[kind[r.from].ordinal()]++;
        waitSum[kind[r.from].ordinal()] += (startedAt - r.created) / 1000.0;
      }
      if (measuring(engine.nowMicros())) {
        given[kind[p].ordinal()]++;
      }
      if (ledgerOn) {
        // the provider's receipt: it gave a task to the requester, which received one from it
        ledger[p].gave(id[r.from], UNIT);
        ledger[r.from].received(id[p], UNIT);
      }
    } else {
      r.done = true; // too late: the requester gave up at its deadline
    }
    next(p);
  }

  private void next(int p) {
    var q = queues.get(p);
    while (busy[p] < c.slots() && !q.isEmpty()) {
      Request r = q.pollFirstEntry().getValue();
      r.queuedAt = -1;
      if (!r.done) {
        start(p, r);
      }
    }
  }
}
