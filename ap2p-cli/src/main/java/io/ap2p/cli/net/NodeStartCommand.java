package io.ap2p.cli.net;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.Version;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.persona.Persona;
import io.ap2p.node.persona.Whitewashing;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p node start}: run a node until SIGINT or SIGTERM. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Start a node: listen, dial the bootstrap peers, serve identify and ping,",
      "serve a registry (--registry, replicated with others by --federate),",
      "keep descriptors registered (--publish),",
      "serve capabilities (--serve, --capabilities) and run until interrupted",
      "(Ctrl-C, SIGTERM), then shut down cleanly. 'ap2p status' shows what it",
      "publishes and whether each descriptor is discoverable; 'ap2p invoke --node",
      "DIR' and 'ap2p workflow run --node DIR' delegate through it.",
      "The data directory remembers the capabilities a node serves: a restart",
      "serves them again with no --serve or --capabilities flag (give",
      "--registry-peer again to publish them); given flags replace what it",
      "remembered.",
      "Once ready it prints one line per address on stdout:",
      "  listening <multiaddr>/p2p/<peer id>",
      "Logs go to stderr, among them the web dashboard's address with a one-time",
      "login code (loopback only; 'ap2p dashboard' prints a new one):",
      "  ap2p: dashboard http://127.0.0.1:<port>/dash/login?code=<code>"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by a signal after a clean shutdown",
      "1:could not start (key, data directory, address in use…)"
    })
public final class NodeStartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "Identity key file (default: identity.key in the data directory, created on"
              + " first start).")
  Path key;

  @Option(
      names = "--listen",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = {
        "Address to listen on; repeatable (default: /ip4/127.0.0.1/tcp/0, a free loopback port).",
        "/ip4/0.0.0.0/tcp/4011 listens on every interface."
      })
  List<Multiaddr> listen = new ArrayList<>();

  @Option(
      names = "--bootstrap",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "Peer to connect to at start; repeatable. Failures are logged, not fatal.")
  List<Multiaddr> bootstrap = new ArrayList<>();

  @Option(
      names = "--registry",
      description =
          "Serve a registry (/ap2p/registry/1.0.0) that other nodes publish to and query.")
  boolean serveRegistry;

  @Option(
      names = "--registry-peer",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = {
        "A registry to publish to and query (with /p2p/<peer id>); repeatable, in order of",
        "preference (at most 32): publishing fails over along the list when one cannot be",
        "reached, queries ask them all and merge the verified answers."
      })
  List<Multiaddr> registryPeers = new ArrayList<>();

  @picocli.CommandLine.Mixin FederationFlags federation = new FederationFlags();

  @Option(
      names = "--discovery",
      paramLabel = "MODE",
      defaultValue = "registry",
      description = {
        "Discovery mode: registry (default) or dht (Kademlia provider records, no special",
        "peers; --bootstrap joins the DHT)."
      })
  String discovery;

  @Option(
      names = "--kad-protocol",
      paramLabel = "ID",
      defaultValue = io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL,
      description =
          "The kad-dht protocol id in DHT mode (default: ${DEFAULT-VALUE}, a private DHT).")
  String kadProtocol;

  @Option(
      names = "--publish",
      paramLabel = "FILE",
      description = {
        "Unsigned descriptor template to sign with the node key and keep registered;",
        "repeatable. See 'ap2p descriptor example'."
      })
  List<Path> publish = new ArrayList<>();

  @Option(
      names = "--serve",
      paramLabel = "NAME",
      completionCandidates = Served.BuiltInNames.class,
      description =
          "Serve a built-in skill and publish it; repeatable: ${COMPLETION-CANDIDATES}."
              + " Remembered in the data directory: a restart serves it again with no flag.")
  List<String> serve = new ArrayList<>();

  @Option(
      names = "--capabilities",
      paramLabel = "FILE",
      description =
          "Serve the capabilities of a capabilities file (built-ins, commands, HTTP"
              + " endpoints, tools of local MCP servers; see docs/capabilities.md and"
              + " docs/mcp.md). Remembered in the data directory too.")
  Path capabilities;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path data;

  @Option(
      names = "--no-feedback",
      description =
          "Share no signed feedback (/ap2p/feedback/1.0.0): answer no peer's questions about"
              + " others and ask none before ranking newcomers. See docs/trust.md.")
  boolean noFeedback;

  @Option(
      names = "--persona",
      paramLabel = "NAME",
      description = {
        "FOR TESTS AND DEMOS ONLY: misbehave as an adversary (never the default):",
        "sybil, silent, canary-evader, whitewasher, colluder. Every persona announces",
        "attractive claims for what it serves (--serve, --capabilities); sybil",
        "answers wrongly with receipts it signs itself, silent takes tasks and never",
        "answers, canary-evader answers honestly only what it takes for a canary,",
        "whitewasher answers wrongly and rejoins under a fresh key every",
        "--whitewash-after tasks, colluder answers wrongly (what it will say in",
        "feedback about --colluders and others waits for the feedback protocol).",
        "See docs/personas.md."
      })
  String persona;

  @Option(
      names = "--colluders",
      paramLabel = "FILE|IDS",
      description =
          "With --persona colluder: its fellow colluders, a file of peer ids (one a line,"
              + " # comments) or peer ids separated by commas.")
  String colluders;

  @Option(
      names = "--whitewash-after",
      paramLabel = "N",
      description =
          "With --persona whitewasher: tasks answered under one identity before rejoining"
              + " under a fresh key (default: 5).")
  Integer whitewashAfter;

  @Option(
      names = "--attestor",
      description =
          "Serve the attestor role (/ap2p/attest/1.0.0): countersign providers' receipts"
              + " after re-running the task (built-in image.generate, text.summarize) or"
              + " checking its answer (content.publish); refuse other tools and wrong outputs."
              + " See docs/evidence.md.")
  boolean attestor;

  @Option(
      names = "--attestor-peer",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description =
          "As a provider, ask this attestor (ending in /p2p/<peer id>) to countersign each"
              + " receipt, and list it in the descriptors served.")
  Multiaddr attestorPeer;

  @Option(
      names = "--trust-attestor",
      paramLabel = "PEER_ID",
      description =
          "As a requester, trust countersignatures by this attestor (repeatable). Attestors"
              + " are trusted only when pinned here, never because a descriptor names them.")
  List<String> trustAttestors = new ArrayList<>();

  @picocli.CommandLine.Mixin NodeTrustOptions trust = new NodeTrustOptions();

  @picocli.CommandLine.Mixin NodeLimitsOptions netLimits = new NodeLimitsOptions();

  @picocli.CommandLine.Mixin NodeIncentiveOptions incentives = new NodeIncentiveOptions();

  @picocli.CommandLine.Mixin NodeIdentityPriceOptions price = new NodeIdentityPriceOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!discovery.equals("registry") && !discovery.equals("dht")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--discovery: expected registry or dht, got '" + discovery + "'");
    }
    boolean dht = discovery.equals("dht");
    Multiaddr registryPeer = registryPeers.isEmpty() ? null : registryPeers.get(0);
    io.ap2p.node.discovery.FederationOptions federated =
        federation.apply(spec, serveRegistry, registryPeers);
    if (dht && registryPeer != null) {
      throw new CliFailure(
          "--registry-peer is for --discovery registry; the DHT needs no registry");
    }
    if (!kadProtocol.startsWith("/") || kadProtocol.length() > 128 || kadProtocol.contains("\n")) {
      throw new CliFailure(
          "--kad-protocol: a protocol id such as /ap2p/kad/1.0.0, got '" + kadProtocol + "'");
    }
    if (!dht && !publish.isEmpty() && registryPeer == null && !serveRegistry) {
      throw new CliFailure(
          "--publish needs a registry: add --registry-peer MULTIADDR (or --registry)");
    }
    List<CapabilitySpec> served = Served.specs(spec, serve, capabilities);
    if (!dht && !served.isEmpty() && registryPeer == null && !serveRegistry) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          (serve.isEmpty() ? "--capabilities" : "--serve")
              + ": served capabilities are published: add --registry-peer MULTIADDR (or"
              + " --registry), or use --discovery dht");
    }
    for (Multiaddr r : registryPeers) {
      if (r.peerId().isEmpty()) {
        throw new CliFailure("--registry-peer: the address must end in /p2p/<peer id>");
      }
    }
    Optional<PersonaChoice> playing =
        PersonaChoice.of(spec, persona, whitewashAfter, colluders, served);
    Path dir = data != null ? data : DataDir.defaultPath(System.getenv());
    java.util.Set<io.ap2p.core.identity.PeerId> pinned = EvidenceFlags.pinned(spec, trustAttestors);
    PrivateKey identity = identity(err, dir);
    if (attestorPeer != null) {
      EvidenceFlags.checkAttestorPeer(spec, attestorPeer, identity.peerId(), !served.isEmpty());
    }
    List<CapabilityDescriptor> templates = new ArrayList<>();
    for (Path p : publish) {
      templates.add(template(p, identity));
    }
    List<Multiaddr> addrs = listen.isEmpty() ? List.of(defaultListen()) : listen;
    Node node;
    java.util.concurrent.atomic.AtomicReference<AutoCloseable> running =
        new java.util.concurrent.atomic.AtomicReference<>();
    try {
      NodeOptions options =
          new NodeOptions(
                  identity,
                  addrs,
                  bootstrap,
                  serveRegistry,
                  Optional.ofNullable(registryPeer),
                  templates,
                  "ap2p/" + Version.get(),
                  Optional.of(dir),
                  dht ? NodeOptions.Discovery.DHT : NodeOptions.Discovery.REGISTRY,
                  kadProtocol)
              .serving(served)
              .withTrust(trust.apply(spec, io.ap2p.node.TrustOptions.DEFAULTS))
              .withNet(netLimits.apply(spec, io.ap2p.net.host.HostLimits.DEFAULTS))
              .withIdentityPrice(
                  price.apply(spec, serveRegistry, io.ap2p.node.IdentityPriceOptions.DEFAULTS));
      options =
          options.withExecution(
              options
                  .execution()
                  .withIncentives(incentives.apply(spec, options.execution().incentives())));
      options =
          options.withTrust(
              options.trust().withEvidence(pinned, attestor, Optional.ofNullable(attestorPeer)));
      if (playing.isPresent()) {
        options = options.withTrust(playing.get().apply(options.trust()));
      }
      if (noFeedback) {
        options = options.withTrust(options.trust().withFeedback(false));
      }
      java.util.function.Consumer<String> log =
          line -> {
            err.println("ap2p: " + line);
            err.flush();
          };
      if (playing.isPresent() && playing.get().persona() == Persona.WHITEWASHER) {
        java.util.concurrent.atomic.AtomicBoolean first =
            new java.util.concurrent.atomic.AtomicBoolean(true);
        Whitewashing w =
            Whitewashing.start(
                options,
                SystemClock.INSTANCE,
                log,
                n -> {
                  if (!first.getAndSet(false)) { // a rejoin: the new identity's addresses
                    listening(out, n);
                  }
                });
        running.set(w);
        node = w.current();
      } else {
        node = Node.start(options, federated, SystemClock.INSTANCE, log);
        running.set(node);
      }
    } catch (IOException e) {
      throw new CliFailure(e.getMessage());
    }
    Host host = node.host();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              err.println("ap2p: shutting down");
              err.flush();
              closeQuietly(running.get());
              stopped.countDown();
              // a signal would otherwise end the JVM with 128 + signal; a clean stop is a success
              Runtime.getRuntime().halt(ExitCodes.OK);
            },
            "ap2p-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("ap2p: node " + host.peerId() + " started (ap2p " + Version.get() + ")");
    if (serveRegistry) {
      int bits = node.options().identityPrice().registryBits();
      err.println(
          "ap2p: serving a registry" + (bits > 0 ? " (identity proofs of " + bits + " bits)" : ""));
    }
    if (attestor) {
      err.println("ap2p: serving the attestor role (/ap2p/attest/1.0.0)");
    }
    if (attestorPeer != null) {
      err.println("ap2p: receipts countersigned by " + attestorPeer.peerId().get());
    }
    for (io.ap2p.core.identity.PeerId p : pinned) {
      err.println("ap2p: trusting attestor " + p);
    }
    if (dht) {
      err.println("ap2p: DHT mode (" + kadProtocol + ")");
    }
    Served.print(err, node);
    node.api()
        .ifPresent(
            a ->
                err.println(
                    "ap2p: dashboard "
                        + a.dashboard().loginUrl()
                        + " (one-time login, 10 min; 'ap2p dashboard' prints a new one)"));
    for (CapabilityDescriptor t : templates) {
      err.println(
          "ap2p: publishing " + t.id() + " to " + node.provider().map(p -> p.target()).orElse("?"));
    }
    err.flush();
    listening(out, node);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // stopped from within the process (tests, embedding): shut down the same way
      Runtime.getRuntime().removeShutdownHook(hook);
      closeQuietly(running.get());
      err.println("ap2p: stopped");
      err.flush();
    }
    return ExitCodes.OK;
  }

  /** Prints one {@code listening} line per address of {@code node}. */
  private static void listening(PrintWriter out, Node node) {
    Host host = node.host();
    for (Multiaddr a : host.listenAddrs()) {
      out.println("listening " + a.withPeerId(host.peerId()));
    }
    out.flush();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // shutting down: nothing left to tell
    }
  }

  private CapabilityDescriptor template(Path p, PrivateKey identity) {
    byte[] bytes =
        io.ap2p.cli.CliIo.read(
            spec,
            p.toString(),
            io.ap2p.core.discovery.DescriptorPolicy.DEFAULTS.maxBytes(),
            "--publish");
    try {
      return DescriptorSigning.fromTemplate(
          Json.parse(bytes), identity, SystemClock.INSTANCE.instant());
    } catch (JsonFormatException e) {
      throw new CliFailure("--publish " + p + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliFailure("--publish " + p + ": " + e.getMessage());
    }
  }

  private static Multiaddr defaultListen() {
    return Multiaddr.tcp(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
  }

  private PrivateKey identity(PrintWriter err, Path dir) {
    try {
      DataDir d = DataDir.open(dir);
      if (key != null) {
        try {
          return KeyFiles.read(key);
        } catch (KeyFileException e) {
          throw new CliFailure("--key: " + e.getMessage());
        }
      }
      DataDir.Identity id = d.loadOrCreateIdentity(new SecureRandom());
      if (id.created()) {
        err.println("ap2p: created identity " + id.key().peerId() + " in " + d.identityFile());
      }
      return id.key();
    } catch (KeyFileException e) {
      throw new CliFailure("data directory " + dir + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CliFailure("--data: cannot use " + dir + ": " + e.getMessage());
    }
  }
}
