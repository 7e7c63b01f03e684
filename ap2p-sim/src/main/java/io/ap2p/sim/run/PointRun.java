package io.ap2p.sim.run;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.discovery.VerifiedDescriptors;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.execution.StepOutcome;
import io.ap2p.core.execution.Task;
import io.ap2p.core.execution.Workflow;
import io.ap2p.core.execution.WorkflowDriver;
import io.ap2p.core.execution.WorkflowOutcome;
import io.ap2p.core.execution.WorkflowRun;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.QueryScope;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.churn.ChurnMeter;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.world.Attestors;
import io.ap2p.sim.world.Behaviour;
import io.ap2p.sim.world.Drift;
import io.ap2p.sim.world.Latency;
import io.ap2p.sim.world.Offers;
import io.ap2p.sim.world.Provider;
import io.ap2p.sim.world.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;

/**
 * One run of one point under one policy and seed: builds the world, drives the ap2p-core state
 * machines (registry server and publishers, workflow runs through core's {@link WorkflowDriver} on
 * a {@link SimRequesterRuntime}, reputation, canaries, receipts) on the event engine, and measures.
 * Everything but the wall time is a pure function of the point, the policy and the seed.
 */
public final class PointRun {

  /** Virtual time 0 of every run. */
  public static final long EPOCH_MILLIS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  /** Matches asked of the registry per step; the requester re-ranks them with its own view. */
  public static final int CANDIDATES = 50;

  /** Seconds at the start when providers register but no workflow arrives. */
  public static final double WARMUP_SECONDS = 10;

  /** Seconds after a workflow ends before its requester learns whether the results were right. */
  public static final double FEEDBACK_DELAY_SECONDS = 2;

  private static final int REPORT_BYTES = 120;

  /** Verified descriptors a requester keeps with modelled signatures (real ones share a memo). */
  private static final int REQUESTER_CACHE = 20_000;

  private final Point point;
  private final TierPolicy policy;
  private final Engine engine;
  private final SplittableRandom net;
  private final SplittableRandom drift;
  private final SplittableRandom workload;
  private final SplittableRandom behaviour;
  private final SplittableRandom keys;
  private final RegistryServer registry;
  private final Attestors attestors;
  private final ReceiptVerifier verifier;
  private final VerifiedDescriptors verified;
  private final Workflow workflow;
  private final List<Provider> providers = new ArrayList<>();
  private final Map<PeerId, Provider> byPeer = new HashMap<>();
  private final List<Requester> requesters = new ArrayList<>();
  private final SimDht dht; // null in registry mode
  private final SplittableRandom dhtRandom;
  private final ModelSignatures model; // null with real signatures

  // measurements
  private final Measures measures = new Measures();
  private final ProviderPublishing publishing;
  private final SimRequesterRuntime.Network network;

  private final Memo memo;
  private final Map<PeerId, Requester> byRequester = new HashMap<>();
  private final QueryScope scope;
  private final boolean sharing; // requesters tell each other what they learn

  private final ChurnRun churn; // null when churn is off: then nothing of it runs or draws
  private final IdentityPrice price;
  private final List<Provider> newcomers = new ArrayList<>(); // joining mid-run, watched
  private final Whitewashing whitewashing;
  private final SplittableRandom newcomerDrift; // newcomers' own drift stream (null without them)

  private PointRun(Point point, TierPolicy policy, long seed, Memo memo) {
    this.memo = memo;
    this.point = point;
    this.scope = new QueryScope(point.defends("exclude"), point.defends("recall"));
    this.sharing = point.feedbackSharing() || point.defends("shared");
    this.policy = policy;
    SplittableRandom root = new SplittableRandom(seed);
    this.keys = root.split();
    this.net = root.split();
    this.drift = root.split();
    this.workload = root.split();
    this.behaviour = root.split();
    SplittableRandom requesterRandom = root.split();
    SplittableRandom publisherRandom = root.split();
    this.dhtRandom = root.split(); // split late: the registry mode's streams stay as they were
    SplittableRandom registryRandom = root.split(); // after the DHT's, for the same reason
    SplittableRandom attestorRandom = root.split(); // attestors as peers (keys, availability)
    SplittableRandom churnRandom = point.churn().enabled() ? root.split() : null; // last, ditto
    SplittableRandom newcomerRandom = point.scale().joining() ? root.split() : null; // ditto
    this.engine = new Engine(EPOCH_MILLIS, Engine.DEFAULT_MAX_EVENTS);
    Latency link = new Latency(point.linkMedianMs(), point.linkSigma());
    int cap = Math.max(100_000, 4 * point.peers());
    this.model = point.signatures().equals("model") ? new ModelSignatures() : null;
    DescriptorValidator validator =
        model == null
            ? new DescriptorValidator(engine, DescriptorPolicy.DEFAULTS)
            : new DescriptorValidator(engine, DescriptorPolicy.DEFAULTS, model);
    // Real signatures: verification is a pure function of the bytes (the time window is
    // re-checked on every lookup), so one memo serves the registry, every requester and the
    // other policies' runs of this world without changing any outcome. Modelled signatures are
    // cheap, and a memo of every descriptor of a very large run would not fit: the registry
    // checks each registration afresh and requesters keep a bounded cache, as a real node does.
    this.registry =
        new RegistryServer(
            engine,
            model == null ? new VerifiedDescriptors(validator, memo.verified()) : validator,
            new RegistryLimits(new SoftStateTable.Limits(16, cap, 3_600_000L), 5, 20, cap),
            point.ranking().matcher(),
            point.ranking().exploration(registryRandom));
    newKey(); // the registry's identity, drawn so that the keys stream stays as it always was
    RegistryLink registryLink =
        new RegistryLink(
            engine,
            net,
            new Latency(point.registryLinkMedianMs(), point.linkSigma()),
            point,
            registry,
            measures::control,
            this::scope);
    this.attestors =
        new Attestors(engine, point, attestorRandom, link, newKey(), measures::attested);
    Behaviour world = new Behaviour(engine, point, behaviour, attestors, this::whitewash);
    this.verifier = new ReceiptVerifier(Set.copyOf(attestors.ids()), 1000);
    this.verified =
        model == null
            ? new VerifiedDescriptors(validator, memo.verified())
            : new VerifiedDescriptors(validator, REQUESTER_CACHE);
    this.workflow = Workflow.imageThenPublish((long) (point.stepDeadlineSeconds() * 1000));
    int adversaries = (int) Math.round(point.peers() * point.sybilFraction());
    int honest = point.peers() - adversaries;
    for (int i = 0; i < point.peers(); i++) {
      boolean isHonest = i < honest;
      // adversaries claim what requesters look for; honest peers spread over the capabilities
      CapabilityTag tag = Offers.offered(isHonest ? i % point.capabilities() : i % 2);
      double base = tag.equals(Offers.IMAGE) ? 1500 : tag.equals(Offers.PUBLISH) ? 400 : 800;
      double serviceMs = isHonest ? base * Math.exp(0.4 * keys.nextGaussian()) : 300;
      Provider p =
          new Provider(
              i,
              isHonest ? Provider.Kind.HONEST : Provider.Kind.ADVERSARY,
              tag,
              serviceMs,
              newKey());
      p.publisher = new RegistryPublisher(engine, signer(p.key), publisherRandom.split(), 2000);
      providers.add(p);
      byPeer.put(p.key.peerId(), p);
    }
    for (int i = 0; i < Math.min(point.requesters(), honest); i++) {
      Requester r =
          new Requester(
              providers.get(i).key.peerId(),
              requesterRandom.split(),
              point,
              ms ->
                  measures.canaryOracle(
                      ms, point.canarySource().equals("set") ? point.canarySetSize() : 1));
      requesters.add(r);
      byRequester.put(r.peer, r);
    }
    if (point.defends("shared")) {
      // the requesters' circle: each starts with a standing for the others (EigenTrust's
      // pre-trusted peers; nodes configured as friends), so that their feedback counts
      for (Requester r : requesters) {
        for (Requester other : requesters) {
          if (other != r) {
            r.reputation.record(other.peer, Requester.CIRCLE, true);
          }
        }
      }
    }
    if (point.discovery().equals("dht")) {
      // provider records outlive one refresh period of an honest provider by half
      this.dht =
          new SimDht(
              engine, net, link, point.ttlSeconds() * 1500, measures::control, this::dhtAlive);
      // a fetched descriptor counts only if the provider it came from signed it (DhtFinder's check)
      dht.senderCheck(
          (peer, b) ->
              verified.validate(b, Optional.of(peer))
                  instanceof io.ap2p.core.verdict.Verdict.Accepted<?>);
      for (Provider p : providers) {
        dht.join(p.key.peerId(), dhtRandom);
      }
    } else {
      this.dht = null;
    }
    this.price = new IdentityPrice(point.scale(), adversaries);
    measures.price = price;
    if (newcomerRandom != null) {
      measures.newcomers = new Newcomers();
      for (Provider p : Newcomers.make(point, newcomerRandom, this::signer, engine)) {
        newcomers.add(p);
        byPeer.put(p.key.peerId(), p);
      }
      this.newcomerDrift = newcomerRandom.split();
    } else {
      this.newcomerDrift = null;
    }
    this.publishing =
        new ProviderPublishing(engine, point, drift, registryLink, dht, attestors.ids());
    // stale answers are judged where a report reads them (null elsewhere): see ChurnRun#meter
    ChurnMeter meter = ChurnRun.meter(point, byPeer, measures, publishing, dht);
    this.churn =
        churnRandom == null
            ? null
            : new ChurnRun(
                engine,
                point,
                churnRandom,
                providers,
                byPeer,
                requesters.size(),
                meter,
                publishing,
                dht);
    this.whitewashing =
        new Whitewashing(
            engine,
            point.whitewashAfter(),
            price,
            this::newKey,
            this::signer,
            behaviour,
            byPeer,
            dht,
            dhtRandom,
            publishing);
    this.network =
        new SimRequesterRuntime.Network(
            engine, net, link, registryLink, Optional.ofNullable(dht), world, byPeer, measures);
  }

  /** The signer of {@code key}'s descriptors: real and memoised, or the cost model's. */
  private io.ap2p.core.identity.Signer signer(PrivateKey key) {
    return model == null ? memo.signer(key) : model.signer(key);
  }

  /** Whether {@code peer} answers DHT requests: its current identity, and not crashed. */
  private boolean dhtAlive(PeerId peer) {
    Provider p = byPeer.get(peer);
    return p != null
        && p.key.peerId().equals(peer)
        && p.condition != Drift.Condition.DOWN
        && Session.online(p);
  }

  /** {@code q} as requester {@code from} sends it: scoped by what its view knows, if asked. */
  private Query scope(PeerId from, Query q) {
    Requester r = byRequester.get(from);
    return r == null || !scope.active() || !policy.checks(RiskClass.LOW).useReputation()
        ? q
        : scope.apply(q, r.reputation);
  }

  /** Runs {@code point} under {@code policy} with {@code seed}. */
  public static RunResult run(Point point, TierPolicy policy, long seed) {
    return run(point, policy, seed, new Memo());
  }

  /**
   * Runs {@code point} under {@code policy} with {@code seed}, sharing signatures and verifications
   * with the other runs of the same world through {@code memo} (same result as without it).
   */
  public static RunResult run(Point point, TierPolicy policy, long seed, Memo memo) {
    return run(point, policy, seed, memo, (e, serving) -> {});
  }

  /**
   * As above, first handing {@code probe} (tests) the engine and a count of the adversary
   * identities a requester can reach (current, online, registered at the registry).
   */
  static RunResult run(
      Point point, TierPolicy policy, long seed, Memo memo, BiConsumer<Engine, IntSupplier> probe) {
    long t0 = System.nanoTime();
    PointRun r = new PointRun(point, policy, seed, memo);
    probe.accept(r.engine, r::adversariesServing);
    r.simulate();
    long wall = (System.nanoTime() - t0) / 1_000_000;
    return r.measures.result(point, policy, seed, r.engine, wall);
  }

  private int adversariesServing() {
    return (int)
        providers.stream()
            .filter(p -> p.kind == Provider.Kind.ADVERSARY && Session.online(p))
            .filter(p -> !registry.table().byPeer(p.key.peerId()).isEmpty())
            .count();
  }

  private void simulate() {
    for (Provider p : providers) {
      // registrations spread over the first joinSeconds, as nodes come up
      engine.after(
          net.nextLong(micros(point.joinSeconds())),
          () -> {
            if (Session.online(p)) { // churn: a peer offline at the start joins when it returns
              publishing.start(p);
            }
          });
      if (p.kind == Provider.Kind.HONEST) {
        engine.after(
            Drift.holdMicros(point.driftMeanSeconds(), drift), () -> publishing.driftStep(p));
      }
    }
    if (churn != null) {
      churn.start();
    }
    for (int i = 0; i < newcomers.size(); i++) {
      Provider p = newcomers.get(i);
      long decided = micros(point.scale().newcomerDecidesSeconds(i));
      measures.newcomers.watch(p.key.peerId(), decided);
      engine.after(
          decided + price.honestMicros(),
          () -> Newcomers.join(p, engine, point, publishing, dht, dhtRandom, newcomerDrift));
    }
    if (point.adversary().equals("colluder") && sharing) {
      engine.after(micros(WARMUP_SECONDS), this::collude);
    }
    if (!requesters.isEmpty()) {
      engine.after(
          micros(Math.max(WARMUP_SECONDS, point.joinSeconds())) + nextArrival(), this::arrive);
    }
    long end = micros(point.durationSeconds() + 3 * point.stepDeadlineSeconds() + 5);
    engine.runUntil(end);
  }

  // ---- connectivity: the simulated network -------------------------------------------------

  private PrivateKey newKey() {
    byte[] seedBytes = new byte[32];
    keys.nextBytes(seedBytes);
    return PrivateKey.fromSeed(Bytes.wrap(seedBytes));
  }

  private static long micros(double seconds) {
    return (long) (seconds * 1e6);
  }

  /** Colluders vouch for each other to every requester, aggressively. */
  private void collude() {
    List<Provider> ring =
        providers.stream().filter(x -> x.kind == Provider.Kind.ADVERSARY).toList();
    for (Provider from : ring) {
      for (Provider about : ring) {
        if (from == about) {
          continue;
        }
        for (Requester r : requesters) {
          measures.control(REPORT_BYTES);
          r.reputation.report(from.key.peerId(), about.key.peerId(), about.tag, true);
        }
      }
    }
    if (engine.nowMs() < point.durationSeconds() * 1000) {
      engine.after(micros(point.sybilRefreshSeconds()), this::collude);
    }
  }

  // ---- execution plane: workflows ----------------------------------------------------------

  private long nextArrival() {
    return (long) (-Math.log(1 - workload.nextDouble()) / point.workflowsPerSecond() * 1e6);
  }

  private void arrive() {
    Requester r = requesters.get(workload.nextInt(requesters.size()));
    byte[] in = new byte[64];
    workload.nextBytes(in);
    WorkflowRun run =
        new WorkflowRun(
            workflow,
            Bytes.wrap(in),
            new WorkflowRun.Context(
                engine,
                r.random,
                r.reputation,
                r.canaries,
                verifier,
                policy,
                CANDIDATES,
                point.probing(),
                point.defends("doubt"),
                QueryScope.NONE, // the registry link scopes queries as they leave (this::scope)
                point.defends("rediscover"),
                point.exploration(),
                point.attempts()));
    Flow f = new Flow(r, engine.nowMicros());
    measures.workflows++;
    new WorkflowDriver(run, new SimRequesterRuntime(network, f), verified, completion(f)).start();
    long next = nextArrival();
    if (engine.nowMicros() + next < micros(point.durationSeconds())) {
      engine.after(next, this::arrive);
    }
  }

  /** Judges {@code f} when its run completes. */
  private WorkflowDriver.Listener completion(Flow f) {
    return new WorkflowDriver.Listener() {
      @Override
      public void completed(WorkflowOutcome outcome) {
        PointRun.this.completed(f, outcome);
      }
    };
  }

  /** A whitewasher drops its identity and re-joins as a newcomer (see {@link Whitewashing}). */
  private void whitewash(Provider p) {
    whitewashing.served(p);
  }

  private void completed(Flow f, WorkflowOutcome outcome) {
    boolean correct = outcome.succeeded();
    List<Runnable> feedback = new ArrayList<>();
    for (var e : outcome.steps().entrySet()) {
      StepOutcome so = e.getValue();
      Task t = f.lastRealTask.get(e.getKey());
      if (so.result().isEmpty() || so.provider().isEmpty() || t == null) {
        continue;
      }
      boolean right = so.result().get().output().equals(Behaviour.answer(t.tag(), t.input()));
      correct &= right;
      PeerId provider = so.provider().get();
      feedback.add(() -> learn(f.requester, provider, t.tag(), right));
    }
    if (correct) {
      measures.succeeded++;
    }
    measures.workflowMs.add((engine.nowMicros() - f.startedMicros) / 1000.0);
    engine.trace(correct ? 1 : 2);
    engine.after(
        micros(FEEDBACK_DELAY_SECONDS),
        () -> {
          for (Runnable r : feedback) {
            r.run();
          }
        });
  }

  /** The requester learns the truth about a result; with shared feedback it tells the others. */
  private void learn(Requester r, PeerId provider, CapabilityTag tag, boolean right) {
    r.reputation.record(provider, tag, right);
    if (sharing) {
      for (Requester other : requesters) {
        if (other != r) {
          measures.control(REPORT_BYTES);
          other.reputation.report(r.peer, provider, tag, right);
        }
      }
    }
  }
}
