package io.ap2p.node;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.time.Clock;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.DhtProvider;
import io.ap2p.node.discovery.DhtService;
import io.ap2p.node.discovery.Federation;
import io.ap2p.node.discovery.FederationOptions;
import io.ap2p.node.discovery.Provider;
import io.ap2p.node.discovery.Publishing;
import io.ap2p.node.discovery.RegistryService;
import io.ap2p.node.execution.Capabilities;
import io.ap2p.node.execution.DatabaseLog;
import io.ap2p.node.execution.ExecutionLog;
import io.ap2p.node.execution.ServedCapability;
import io.ap2p.node.execution.TaskService;
import io.ap2p.node.execution.WorkflowService;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.capability.Handlers;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.persona.PersonaRuntime;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.Database;
import io.ap2p.node.trust.attest.AttestClient;
import io.ap2p.node.trust.attest.AttestService;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A running ap2p node: the libp2p host plus the discovery services its options ask for (serving a
 * registry, publishing descriptors to one) and the local API.
 */
public final class Node implements AutoCloseable {

  /**
   * How long this node keeps a provider record it is given in DHT mode: past the default descriptor
   * TTL (60 s), so records of providers that keep republishing at half their TTL stay up, and those
   * of providers that stopped vanish within this bound.
   */
  public static final Duration RECORD_TTL = Duration.ofSeconds(90);

  private final NodeOptions options;
  private final Clock clock;
  private final Host host;
  private final Optional<RegistryService> registry;
  private final Optional<Publishing> provider;
  private final Optional<DhtService> dht;
  private final Optional<Database> database;
  private final TaskService tasks;
  private final WorkflowService workflows;
  private final Optional<PersonaRuntime> persona;
  private volatile Optional<Path> scratch = Optional.empty();
  private volatile Optional<Federation> federation = Optional.empty();
  private volatile io.ap2p.node.trust.TrustBook trust;
  private volatile Optional<AttestService> attestService = Optional.empty();
  private volatile Optional<io.ap2p.node.trust.FeedbackService> feedback = Optional.empty();
  private volatile Optional<LocalApi> api = Optional.empty();
  private volatile io.ap2p.node.metrics.NodeMetrics metrics;
  private volatile Optional<io.ap2p.node.execution.mcp.McpTools> mcp = Optional.empty();

  private Node(
      NodeOptions options,
      Clock clock,
      Host host,
      Optional<RegistryService> registry,
      Optional<Publishing> provider,
      Optional<DhtService> dht,
      Optional<Database> database,
      TaskService tasks,
      WorkflowService workflows,
      Optional<PersonaRuntime> persona) {
    this.options = options;
    this.persona = persona;
    this.clock = clock;
    this.host = host;
    this.registry = registry;
    this.provider = provider;
    this.dht = dht;
    this.database = database;
    this.tasks = tasks;
    this.workflows = workflows;
  }

  /**
   * Starts a node; bootstrap dials run in the background and report to {@code log}.
   *
   * @throws IOException if an address cannot be bound or the local API cannot start
   */
  public static Node start(NodeOptions o, Clock clock, Consumer<String> log) throws IOException {
    return start(o, FederationOptions.NONE, clock, log);
  }

  /**
   * Starts a node that also takes part in a registry federation, or publishes to and queries
   * several registries ({@code f}; docs/discovery.md, "Federation").
   *
   * @throws IOException if an address cannot be bound or the local API cannot start
   */
  public static Node start(NodeOptions o, FederationOptions f, Clock clock, Consumer<String> log)
      throws IOException {
    if (f.federate() && !o.serveRegistry()) {
      throw new IllegalArgumentException("federating needs a registry served by this node");
    }
    SecureRandom random = new SecureRandom();
    Host host =
        Host.start(
            new HostConfig(o.identity(), o.listen(), o.agentVersion(), o.net(), clock, random));
    Optional<Database> database = Optional.empty();
    Node[] made = {null}; // for the failure path: its local API may already be listening
    try {
      var metrics = new io.ap2p.node.metrics.NodeMetrics(clock); // docs/metrics.md
      host.events(metrics.host());
      if (o.dataDir().isPresent()) {
        database = Optional.of(DataDir.open(o.dataDir().get()).openDatabase());
        int interrupted = database.get().tasks().markInterrupted(clock.millis());
        if (interrupted > 0) {
          log.accept(interrupted + " task(s) were running when the node stopped: INTERRUPTED");
        }
      }
      ExecutionLog execLog =
          metrics.log(database.<ExecutionLog>map(DatabaseLog::new).orElse(ExecutionLog.NONE));
      Optional<RegistryService> registry =
          o.serveRegistry()
              ? Optional.of(new RegistryService(host, clock, o.registryLimits(), random))
              : Optional.empty();
      List<CapabilitySpec> serve = Capabilities.resolve(o.serve(), database, clock, log);
      Optional<Publishing> provider = Optional.empty();
      Optional<DhtService> dht = Optional.empty();
      if (o.discovery() == NodeOptions.Discovery.DHT) {
        AtomicReference<DhtProvider> publisher = new AtomicReference<>();
        DhtService service =
            new DhtService(
                host,
                clock,
                o.kadProtocol(),
                RECORD_TTL,
                () -> publisher.get() == null ? List.of() : publisher.get().served());
        publisher.set(new DhtProvider(host, service, o.identity(), clock, random));
        dht = Optional.of(service);
        provider = Optional.of(publisher.get());
      } else {
        List<Multiaddr> targets = Candidates.registries(o, f, host, registry);
        if (!(o.publish().isEmpty() && serve.isEmpty()) && !targets.isEmpty()) {
          provider =
              Optional.of(
                  new Provider(host, o.identity(), targets, clock, random)
                      .pricedBy(Candidates.proofs(o, database, clock, log)));
        }
      }
      Optional<Publishing> publisher = provider;
      TaskService tasks =
          new TaskService(
              host,
              o.identity(),
              clock,
              o.execution(),
              execLog,
              id ->
                  publisher
                      .flatMap(
                          p ->
                              p.status().stream()
                                  .filter(st -> st.capabilityId().equals(id))
                                  .findFirst())
                      .map(st -> st.seq())
                      .orElse(-1L));
      // without a data directory, handlers (content.publish, exec scratch) get a private one,
      // deleted when the node closes
      Optional<Path> scratch =
          o.dataDir().isPresent() || serve.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  java.nio.file.Files.createTempDirectory(
                      "ap2p-node-",
                      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                          java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))));
      Path handlerDir = o.dataDir().or(() -> scratch).orElse(Path.of(""));
      // an adversary persona (tests and demos only) lies in its claims and answers
      Optional<PersonaRuntime> persona =
          o.trust()
              .persona()
              .map(
                  p ->
                      new PersonaRuntime(
                          p, o.identity().peerId(), o.trust().personaOptions(), clock));
      persona.ifPresent(
          p -> {
            p.install(host, o.execution().protocol());
            log.accept("playing the " + p.persona().label() + " persona (for tests and demos)");
          });
      // Tier 3: the attestor this provider asks to countersign, listed in its descriptors only
      // when it has one; and the attestor role it serves, if asked to
      Optional<AttestClient> attestClient =
          o.trust().attestorPeer().map(a -> new AttestClient(host, a, log));
      attestClient.ifPresent(tasks::attestWith);
      Optional<AttestService> attestService =
          o.trust().attestor()
              ? Optional.of(new AttestService(host, o.identity(), clock))
              : Optional.empty();
      List<CapabilityDescriptor> served = new ArrayList<>();
      List<CapabilitySpec> mcpTools = new ArrayList<>();
      for (CapabilitySpec spec : serve) {
        if (spec.handler() instanceof io.ap2p.node.execution.capability.HandlerSpec.Mcp) {
          mcpTools.add(spec); // offered once its server is up, below
          continue;
        }
        CapabilityDescriptor template =
            AttestClient.announce(
                Capabilities.template(spec, o.identity(), clock),
                attestClient.map(AttestClient::attestor));
        Handler handler = Handlers.create(spec.handler(), handlerDir);
        if (persona.isPresent()) {
          template = persona.get().announce(template);
          handler = persona.get().wrap(handler, template.id());
        }
        tasks.add(new ServedCapability(template, handler));
        served.add(template);
      }
      List<io.ap2p.core.trust.CanaryFactory.Source> canarySources = new ArrayList<>();
      if (o.trust().canaries().isPresent()) {
        io.ap2p.node.trust.canary.CanarySet set =
            io.ap2p.node.trust.canary.CanarySet.read(o.trust().canaries().get(), random);
        canarySources.add(set);
      }
      canarySources.add(new io.ap2p.node.trust.canary.BuiltInCanaries(random));
      var revocations = new io.ap2p.node.trust.RevocationBook(clock, database); // revocation.md
      WorkflowService workflows =
          new WorkflowService(
              host,
              clock,
              metrics.timed(
                  o.discovery().name(),
                  Candidates.of(
                      Candidates.registries(o, f, host, registry), host, dht, clock, revocations)),
              new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
              execLog,
              WorkflowService.Settings.DEFAULTS.trusting(
                  o.trust().policy(), o.trust().attestors(), o.trust().defences()),
              new io.ap2p.node.trust.canary.Canaries(canarySources));
      io.ap2p.node.trust.TrustBook trust = new io.ap2p.node.trust.TrustBook(workflows, database);
      trust.restore(clock.millis());
      // the reciprocity ledger, rebuilt from the priced receipts in the database
      io.ap2p.node.execution.Reciprocity ledger =
          database
              .map(db -> io.ap2p.node.execution.Reciprocity.rebuild(db, o.execution().incentives()))
              .orElseGet(() -> new io.ap2p.node.execution.Reciprocity(o.execution().incentives()));
      trust.revocations(revocations, ledger); // a hand-over carries reputation and ledger over
      tasks.reciprocity(ledger);
      workflows.reciprocity(ledger);
      Node node =
          new Node(o, clock, host, registry, provider, dht, database, tasks, workflows, persona);
      made[0] = node;
      node.scratch = scratch;
      node.federation = Federation.startIf(f, registry, o.identity(), clock, random, log);
      node.trust = trust;
      node.attestService = attestService;
      if (o.trust().feedback()) {
        // signed feedback: answer what this node saw (a colluder persona lies for its ring) and
        // ask trusted peers about newcomers before ranking them
        io.ap2p.node.trust.FeedbackService fs =
            new io.ap2p.node.trust.FeedbackService(
                    host,
                    o.identity(),
                    clock,
                    trust,
                    persona
                        .flatMap(PersonaRuntime::testimony)
                        .map(
                            t ->
                                io.ap2p.node.trust.FeedbackSource.vouching(
                                    t::vouchesFor, io.ap2p.node.persona.Testimony.CLAIMED_MILLI))
                        .orElse(io.ap2p.node.trust.FeedbackSource.ownView(trust)))
                .serve();
        workflows.beforeRanking(fs::consult);
        node.feedback = Optional.of(fs);
      }
      node.metrics = metrics;
      metrics.watch(node);
      if (o.dataDir().isPresent()) {
        node.api = Optional.of(LocalApi.start(node, o.dataDir().get()));
      }
      for (CapabilityDescriptor d : o.publish()) {
        provider.get().publish(d);
      }
      if (provider.isPresent()) {
        served.forEach(provider.get()::publish);
      } else if (!served.isEmpty()) {
        log.accept(
            "serving " + served.size() + " capabilities without publishing them: no registry");
      }
      if (!mcpTools.isEmpty()) {
        node.mcp =
            Optional.of(
                io.ap2p.node.execution.mcp.McpTools.start(
                    mcpTools,
                    handlerDir,
                    McpOffers.of(o, clock, tasks, provider, persona, attestClient),
                    io.ap2p.node.execution.mcp.McpTools.Timing.DEFAULTS,
                    log));
      }
      for (Multiaddr b : o.bootstrap()) {
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Connection c = host.connect(b);
                    log.accept("connected to bootstrap peer " + c.remotePeer());
                  } catch (IOException e) {
                    log.accept("bootstrap " + b + " failed: " + e.getMessage());
                  }
                });
      }
      return node;
    } catch (IOException | RuntimeException e) {
      if (made[0] != null) {
        made[0].api.ifPresent(LocalApi::close); // else Jetty and api.json outlive the failure
      }
      database.ifPresent(Database::close);
      host.close();
      throw e;
    }
  }

  /** The libp2p host. */
  public Host host() {
    return host;
  }

  /** The registry this node serves, if it serves one. */
  public Optional<RegistryService> registry() {
    return registry;
  }

  /** This node's registry federation, if its registry replicates with others. */
  public Optional<Federation> federation() {
    return federation;
  }

  /** The publisher of this node's descriptors, if it publishes. */
  public Optional<Publishing> provider() {
    return provider;
  }

  /** The DHT, in DHT mode. */
  public Optional<DhtService> dht() {
    return dht;
  }

  /** The options it runs with. */
  public NodeOptions options() {
    return options;
  }

  /** The clock it runs on. */
  public Clock clock() {
    return clock;
  }

  /** The provider's side of delegation: the capabilities this node serves. */
  public TaskService tasks() {
    return tasks;
  }

  /** The requester's side: tasks and workflows this node delegates. */
  public WorkflowService workflows() {
    return workflows;
  }

  /** The adversary persona this node plays, for tests and demos; empty for an honest node. */
  public Optional<PersonaRuntime> persona() {
    return persona;
  }

  /** Signed feedback ({@code /ap2p/feedback/1.0.0}); empty when the node shares none. */
  public Optional<io.ap2p.node.trust.FeedbackService> feedback() {
    return feedback;
  }

  /** The requester's Tier 1 view: list, show and forget peers. */
  public io.ap2p.node.trust.TrustBook trust() {
    return trust;
  }

  /** The attestor role this node serves ({@code --attestor}), if it does. */
  public Optional<AttestService> attestor() {
    return attestService;
  }

  /** The local MCP servers whose tools this node offers, if it offers any. */
  public Optional<io.ap2p.node.execution.mcp.McpTools> mcpTools() {
    return mcp;
  }

  /** The node's local API, when it has a data directory (others mount servlets on it). */
  public Optional<LocalApi> api() {
    return api;
  }

  /** The node's metrics (served at {@code /metrics} on the local API). */
  public io.ap2p.node.metrics.NodeMetrics metrics() {
    return metrics;
  }

  /** The node's database, when it has a data directory. */
  public Optional<Database> database() {
    return database;
  }

  /** Stops publishing, serving and listening. */
  @Override
  public void close() {
    mcp.ifPresent(io.ap2p.node.execution.mcp.McpTools::close);
    api.ifPresent(LocalApi::close);
    feedback.ifPresent(io.ap2p.node.trust.FeedbackService::close);
    workflows.close();
    attestService.ifPresent(AttestService::close);
    tasks.close();
    provider.ifPresent(Publishing::close);
    dht.ifPresent(DhtService::close);
    federation.ifPresent(Federation::close);
    registry.ifPresent(RegistryService::close);
    host.close();
    database.ifPresent(Database::close);
    scratch.ifPresent(Node::deleteQuietly);
  }

  /** Deletes {@code dir} and what it holds, as far as it can. */
  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(dir)) {
      all.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  java.nio.file.Files.deleteIfExists(p);
                } catch (IOException e) {
                  // left behind: a temporary directory the system cleans eventually
                }
              });
    } catch (IOException e) {
      // as above
    }
  }
}
