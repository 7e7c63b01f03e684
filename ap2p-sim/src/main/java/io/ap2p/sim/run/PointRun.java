package io.ap2p.sim.run;

import io.ap2p.core.discovery.Availability;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityState;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.discovery.VerifiedDescriptors;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.execution.Delegation;
import io.ap2p.core.execution.StepOutcome;
import io.ap2p.core.execution.Task;
import io.ap2p.core.execution.Workflow;
import io.ap2p.core.execution.WorkflowOutcome;
import io.ap2p.core.execution.WorkflowRun;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.world.Behaviour;
import io.ap2p.sim.world.Drift;
import io.ap2p.sim.world.Latency;
import io.ap2p.sim.world.Offers;
import io.ap2p.sim.world.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One run of one point under one policy and seed: builds the world, drives the ap2p-core state
 * machines (registry server and publishers, workflow runs and delegations, reputation, canaries,
 * receipts) on the event engine, and measures. Everything but the wall time is a pure function of
 * the point, the policy and the seed.
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
  private final long seed;
  private final Engine engine;
  private final SplittableRandom net;
  private final SplittableRandom drift;
  private final SplittableRandom workload;
  private final SplittableRandom behaviour;
  private final Behaviour world;
  private final SplittableRandom keys;
  private final Latency link;
  private final Latency registryLink;
  private final RegistryServer registry;
  private final PeerId registryPeer;
  private final PrivateKey attestor;
  private final ReceiptVerifier verifier;
  private final VerifiedDescriptors verified;
  private final Workflow workflow;
  private final List<Provider> providers = new ArrayList<>();
  private final Map<PeerId, Provider> byPeer = new HashMap<>();
  private final List<Requester> requesters = new ArrayList<>();
  private long registryFreeAtMicros;
  private final SimDht dht; // null in registry mode
  private final SplittableRandom dhtRandom;
  private final ModelSignatures model; // null with real signatures

  // measurements
  private long controlMsgs;
  private long controlBytes;
  private final Percentiles discoveryMs = new Percentiles();
  private final Percentiles workflowMs = new Percentiles();
  private int workflows;
  private int succeeded;
  private long verificationMsgs;
  private double verificationMs;

  /** A requester: an honest peer with its own reputation view, canaries and randomness. */
  private static final class Requester {
    final PeerId peer;
    final Reputation reputation = Reputation.defaults();
    final SplittableRandom random;
    final CanaryFactory canaries;

    Requester(PeerId peer, SplittableRandom random) {
      this.peer = peer;
      this.random = random;
      this.canaries = new CanaryFactory(Behaviour::expectedDigest, random.split());
    }
  }

  /** What one workflow run needs besides its state machine. */
  private static final class Flow {
    final Requester requester;
    final WorkflowRun run;
    final long startedMicros;
    final Map<String, Long> discoverStarted = new HashMap<>();
    final Map<String, Task> lastRealTask = new HashMap<>();
    final Map<Integer, Long> probeSent = new HashMap<>();

    Flow(Requester requester, WorkflowRun run, long startedMicros) {
      this.requester = requester;
      this.run = run;
      this.startedMicros = startedMicros;
    }
  }

  private final Memo memo;

  private PointRun(Point point, TierPolicy policy, long seed, Memo memo) {
    this.memo = memo;
    this.point = point;
    this.policy = policy;
    this.seed = seed;
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
    this.engine = new Engine(EPOCH_MILLIS, Engine.DEFAULT_MAX_EVENTS);
    this.link = new Latency(point.linkMedianMs(), point.linkSigma());
    this.registryLink = new Latency(point.registryLinkMedianMs(), point.linkSigma());
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
            new Matcher(RankingWeights.ANNOUNCEMENTS_ONLY),
            point.registryExplore() > 0
                ? new RegistryServer.Exploration(point.registryExplore(), registryRandom)
                : RegistryServer.Exploration.NONE);
    this.registryPeer = newKey().peerId();
    this.attestor = newKey();
    this.world = new Behaviour(engine, point, behaviour, attestor, this::whitewash);
    this.verifier = new ReceiptVerifier(Set.of(attestor.peerId()), 1000);
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
      requesters.add(new Requester(providers.get(i).key.peerId(), requesterRandom.split()));
    }
    if (point.discovery().equals("dht")) {
      // provider records outlive one refresh period of an honest provider by half
      this.dht =
          new SimDht(
              engine,
              net,
              link,
              point.ttlSeconds() * 1500,
              bytes -> {
                controlMsgs++;
                controlBytes += bytes;
              },
              this::dhtAlive);
      for (Provider p : providers) {
        dht.join(p.key.peerId(), dhtRandom);
      }
    } else {
      this.dht = null;
    }
  }

  /** The signer of {@code key}'s descriptors: real and memoised, or the cost model's. */
  private io.ap2p.core.identity.Signer signer(PrivateKey key) {
    return model == null ? memo.signer(key) : model.signer(key);
  }

  /** Whether {@code peer} answers DHT requests: its current identity, and not crashed. */
  private boolean dhtAlive(PeerId peer) {
    Provider p = byPeer.get(peer);
    return p != null && p.key.peerId().equals(peer) && p.condition != Drift.Condition.DOWN;
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
    long t0 = System.nanoTime();
    PointRun r = new PointRun(point, policy, seed, memo);
    r.simulate();
    long wall = (System.nanoTime() - t0) / 1_000_000;
    return r.result(wall);
  }

  private void simulate() {
    for (Provider p : providers) {
      // registrations spread over the first joinSeconds, as nodes come up
      engine.after(net.nextLong(micros(point.joinSeconds())), () -> start(p));
      if (p.kind == Provider.Kind.HONEST) {
        engine.after(Drift.holdMicros(point.driftMeanSeconds(), drift), () -> driftStep(p));
      }
    }
    if (point.adversary().equals("colluder") && point.feedbackSharing()) {
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

  /** Delivers {@code msg} from {@code from} to the registry and its reply back to {@code reply}. */
  private void toRegistry(
      PeerId from, RegistryMessage msg, java.util.function.Consumer<RegistryMessage> reply) {
    countControl(msg);
    engine.after(
        registryLink.sampleMicros(net),
        () -> {
          long now = engine.nowMicros();
          long start = Math.max(now, registryFreeAtMicros);
          double serviceUs = -Math.log(1 - net.nextDouble()) * point.registryServiceMs() * 1000;
          if (msg instanceof RegistryMessage.Find) {
            serviceUs += point.registryPerEntryUs() * registry.table().size();
          }
          registryFreeAtMicros = start + (long) serviceUs;
          engine.after(
              registryFreeAtMicros - now,
              () -> {
                RegistryMessage answer = registry.handle(from, msg);
                countControl(answer);
                engine.after(registryLink.sampleMicros(net), () -> reply.accept(answer));
              });
        });
  }

  private void countControl(RegistryMessage m) {
    controlMsgs++;
    controlBytes += m.encodedSize();
  }

  // ---- discovery plane: providers keep their descriptors alive -----------------------------

  private void start(Provider p) {
    execute(p, p.publisher.publish(template(p)));
  }

  private CapabilityDescriptor template(Provider p) {
    return Offers.template(p, point, attestor.peerId(), engine.millis());
  }

  /** Carries out a publisher's actions for its current identity. */
  private void execute(Provider p, List<RegistryPublisher.Action> actions) {
    PrivateKey identity = p.key;
    for (RegistryPublisher.Action a : actions) {
      switch (a) {
        case RegistryPublisher.Action.Send s when dht != null -> dhtPublish(p, identity, s);
        case RegistryPublisher.Action.Send s ->
            toRegistry(
                identity.peerId(),
                s.message(),
                answer -> {
                  if (p.key == identity && answer instanceof RegistryMessage.Ack ack) {
                    p.publisher.onAck(s.capabilityId(), ack);
                  }
                });
        case RegistryPublisher.Action.ArmTimer t -> {
          long gen = ++p.timerGeneration;
          if (t.atMillis() != Long.MAX_VALUE) {
            engine.atEpochMillis(
                t.atMillis(),
                () -> {
                  if (p.timerGeneration == gen && p.key == identity) {
                    execute(p, p.publisher.onTimer());
                  }
                });
          }
        }
      }
    }
  }

  /**
   * DHT mode: the provider hands out the newly signed descriptor itself and announces provider
   * records for its tag and the tag's parents; "registered" once some peer took them.
   */
  private void dhtPublish(Provider p, PrivateKey identity, RegistryPublisher.Action.Send s) {
    if (!(s.message() instanceof RegistryMessage.Register reg)) {
      return; // a withdrawal: provider records expire by themselves
    }
    long expiresAt =
        p.publisher
            .current(s.capabilityId())
            .map(sd -> sd.descriptor().expiresAtMillis())
            .orElse(0L);
    dht.publish(
        identity.peerId(),
        reg.signedDescriptor(),
        p.tag,
        told -> {
          if (p.key != identity) {
            return;
          }
          if (told > 0) {
            p.publisher.onAck(
                s.capabilityId(),
                new RegistryMessage.Ack(
                    RegistryMessage.Status.ACCEPTED, "ANNOUNCED", "", expiresAt));
          } else {
            execute(p, p.publisher.onSendFailed(s.capabilityId()));
          }
        });
  }

  /** Capability drift: the true condition changes; the descriptor catches up at the refresh. */
  private void driftStep(Provider p) {
    Drift.Condition before = p.condition;
    p.condition = Drift.next(before, drift);
    engine.trace(p.index * 4L + p.condition.ordinal());
    String id = Offers.capabilityId(p.tag);
    switch (p.condition) {
      case UP -> {
        if (before == Drift.Condition.DOWN) {
          execute(p, p.publisher.publish(template(p))); // back up
        } else {
          p.publisher.updateState(
              id, new CapabilityState(Availability.AVAILABLE, 0.3, 0, Offers.VERSION));
        }
      }
      case DEGRADED ->
          p.publisher.updateState(
              id, new CapabilityState(Availability.DEGRADED, 0.8, 4, Offers.VERSION));
      case DOWN -> p.timerGeneration++; // crashed: stops refreshing, its claim goes stale
    }
    engine.after(Drift.holdMicros(point.driftMeanSeconds(), drift), () -> driftStep(p));
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
          controlMsgs++;
          controlBytes += REPORT_BYTES;
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
                engine, r.random, r.reputation, r.canaries, verifier, policy, CANDIDATES));
    Flow f = new Flow(r, run, engine.nowMicros());
    workflows++;
    drive(f, run.start());
    long next = nextArrival();
    if (engine.nowMicros() + next < micros(point.durationSeconds())) {
      engine.after(next, this::arrive);
    }
  }

  private void drive(Flow f, List<WorkflowRun.Action> actions) {
    for (WorkflowRun.Action a : actions) {
      switch (a) {
        case WorkflowRun.Action.Discover d -> discover(f, d);
        case WorkflowRun.Action.StepAction s -> stepAction(f, s.step(), s.action());
        case WorkflowRun.Action.Completed c -> completed(f, c.outcome());
      }
    }
  }

  private void discover(Flow f, WorkflowRun.Action.Discover d) {
    if (dht != null) {
      dhtDiscover(f, d);
      return;
    }
    long started = engine.nowMicros();
    toRegistry(
        f.requester.peer,
        new RegistryMessage.Find(d.query()),
        answer -> {
          discoveryMs.add((engine.nowMicros() - started) / 1000.0);
          List<SignedDescriptor> found = new ArrayList<>();
          if (answer instanceof RegistryMessage.Found fd) {
            for (Bytes b : fd.descriptors()) {
              if (verified.validate(b) instanceof Verdict.Accepted<SignedDescriptor> ok) {
                found.add(ok.value());
              }
            }
          }
          drive(f, f.run.onCandidates(d.step(), found));
        });
  }

  /**
   * DHT mode: a provider lookup for the step's tag, then each provider's own descriptor, fetched
   * from it directly (a crashed provider's fetch is refused); verified, then ranked by the run.
   */
  private void dhtDiscover(Flow f, WorkflowRun.Action.Discover d) {
    long started = engine.nowMicros();
    dht.find(
        f.requester.peer,
        d.query(),
        got -> {
          discoveryMs.add((engine.nowMicros() - started) / 1000.0);
          List<SignedDescriptor> found = new ArrayList<>();
          for (Bytes b : got) {
            if (verified.validate(b) instanceof Verdict.Accepted<SignedDescriptor> ok) {
              found.add(ok.value());
            }
          }
          drive(f, f.run.onCandidates(d.step(), found));
        });
  }

  private void stepAction(Flow f, String step, Delegation.Action a) {
    switch (a) {
      case Delegation.Action.Invoke inv -> invoke(f, step, inv);
      case Delegation.Action.ArmTimeout t ->
          engine.atEpochMillis(t.atMillis(), () -> drive(f, f.run.onTimeout(step, t.attempt())));
      case Delegation.Action.Abort ab -> {} // the provider's work is simply dropped
      case Delegation.Action.Finished fin -> {}
    }
  }

  private void invoke(Flow f, String step, Delegation.Action.Invoke inv) {
    if (inv.probe()) {
      verificationMsgs += 2;
      f.probeSent.put(inv.attempt(), engine.nowMicros());
    } else {
      f.lastRealTask.put(step, inv.task());
    }
    PeerId target = inv.target().descriptor().peer();
    String version = inv.target().descriptor().state().version();
    engine.after(
        link.sampleMicros(net),
        () -> {
          Provider p = byPeer.get(target);
          world.serve(
              p,
              target,
              inv.task(),
              inv.probe(),
              inv.receiptWanted(),
              version,
              (result, error) ->
                  engine.after(
                      link.sampleMicros(net),
                      () -> {
                        Long sent = f.probeSent.remove(inv.attempt());
                        if (sent != null) {
                          verificationMs += (engine.nowMicros() - sent) / 1000.0;
                        }
                        drive(
                            f,
                            result != null
                                ? f.run.onResult(step, inv.attempt(), result)
                                : f.run.onError(step, inv.attempt(), error));
                      }));
        });
  }

  /** A whitewasher drops its identity and re-joins as a newcomer. */
  private void whitewash(Provider p) {
    if (p.servedUnderIdentity < point.whitewashAfter()) {
      return; // already done
    }
    p.servedUnderIdentity = 0;
    p.timerGeneration++;
    p.key = newKey();
    p.lastReceipt = null;
    p.publisher = new RegistryPublisher(engine, signer(p.key), behaviour.split(), 2000);
    byPeer.put(p.key.peerId(), p);
    if (dht != null) {
      dht.join(p.key.peerId(), dhtRandom);
    }
    start(p);
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
      succeeded++;
    }
    workflowMs.add((engine.nowMicros() - f.startedMicros) / 1000.0);
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
    if (point.feedbackSharing()) {
      for (Requester other : requesters) {
        if (other != r) {
          controlMsgs++;
          controlBytes += REPORT_BYTES;
          other.reputation.report(r.peer, provider, tag, right);
        }
      }
    }
  }

  private RunResult result(long wallMillis) {
    double seconds = point.durationSeconds();
    double perPeerSecond = point.peers() * seconds;
    return new RunResult(
        point,
        policy,
        seed,
        workflows,
        succeeded,
        discoveryMs.quantile(0.50),
        discoveryMs.quantile(0.95),
        discoveryMs.quantile(0.99),
        controlMsgs / perPeerSecond,
        controlBytes / perPeerSecond,
        workflows == 0 ? 0 : (double) verificationMsgs / workflows,
        workflows == 0 ? 0 : verificationMs / workflows,
        workflowMs.quantile(0.50),
        engine.processed(),
        engine.traceHash(),
        wallMillis);
  }
}
