package io.ap2p.cli.discovery;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.Version;
import io.ap2p.cli.net.DialFailures;
import io.ap2p.cli.net.DialOptions;
import io.ap2p.cli.net.MultiaddrConverter;
import io.ap2p.cli.trust.NodeTrustView;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.DhtFinder;
import io.ap2p.node.discovery.DhtService;
import io.ap2p.node.discovery.Finder;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p find}: ranked providers for an intent, each with the reason for its rank. */
@Command(
    name = "find",
    mixinStandardHelpOptions = true,
    description = {
      "Find providers by intent and constraints. Hard constraints filter; tags and text",
      "rank; claimed QoS and your trust re-rank. Every descriptor the registry returns",
      "is verified here (signature, expiry) before it is shown. With --node DIR, ranks",
      "with that running node's own trust view (its reputation of each provider)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:matches printed, or 'no matches'", "1:the registry could not be queried"})
public final class FindCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "TEXT",
      arity = "0..1",
      defaultValue = "",
      description = "What you need, in words (e.g. \"generate an image of a cat\").")
  String text;

  @Option(
      names = "--registry-peer",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = {
        "The registry to ask; repeatable (at most 32): several replicas of a federation are",
        "asked at once and their verified answers merged (the highest seq per descriptor wins),",
        "so one replica that hides a descriptor does not hide it from you."
      })
  List<Multiaddr> registries = new ArrayList<>();

  @Option(
      names = "--bootstrap",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "A DHT peer to start from (with --discovery dht).")
  Multiaddr bootstrap;

  @Option(
      names = "--discovery",
      paramLabel = "MODE",
      defaultValue = "registry",
      description = "registry (default) or dht.")
  String discovery;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Capability tag, e.g. image.generate; repeatable.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--max-latency-ms",
      paramLabel = "N",
      description = "Largest claimed p95 latency.")
  long maxLatencyMs;

  @Option(names = "--max-price", paramLabel = "X", description = "Largest price per invocation.")
  Double maxPrice;

  @Option(names = "--region", paramLabel = "R", description = "Required data region.")
  String region;

  @Option(
      names = "--max-side-effect",
      paramLabel = "CLASS",
      defaultValue = "irreversible",
      description = "none, reversible or irreversible (default: any).")
  String maxSideEffect;

  @Option(
      names = "--min-tier",
      paramLabel = "N",
      defaultValue = "1",
      description = "Lowest verification tier the provider must support (1-3).")
  int minTier;

  @Option(
      names = "--limit",
      paramLabel = "K",
      defaultValue = "10",
      description = "Most matches (1-100, default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the matches as JSON.")
  boolean json;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description =
          "Rank with the trust view of the running node with this data directory (read from its"
              + " local API); without it every provider is a newcomer (trust 0).")
  java.nio.file.Path node;

  @Mixin DialOptions dial = new DialOptions();

  @Override
  public Integer call() {
    if (!discovery.equals("registry") && !discovery.equals("dht")) {
      throw new CliFailure("--discovery: expected registry or dht, got '" + discovery + "'");
    }
    boolean dht = discovery.equals("dht");
    if (dht && bootstrap == null) {
      throw new CliFailure("--discovery dht: give --bootstrap MULTIADDR, a node of the DHT");
    }
    if (registries.size() > 32) {
      throw new CliFailure("--registry-peer: at most 32");
    }
    if (!dht && registries.isEmpty()) {
      throw new CliFailure(
          "--registry-peer: required (the registry to ask), or use --discovery dht");
    }
    Query query = query();
    if (dht && query.tags().isEmpty()) {
      throw new CliFailure("--discovery dht: the DHT is keyed by capability tags; give --tag TAG");
    }
    PrintWriter out = spec.commandLine().getOut();
    TrustView trust = node == null ? TrustView.NONE : NodeTrustView.of(node);
    try (Host host = dial.host("ap2p/" + Version.get())) {
      Finder.Result r;
      if (dht) {
        r = findInDht(host, query, trust);
      } else {
        Finder finder =
            new Finder(
                host,
                SystemClock.INSTANCE,
                // refuse what the registries say is revoked (docs/revocation.md)
                java.util.Optional.of(
                    new io.ap2p.node.trust.RevocationBook(
                        SystemClock.INSTANCE, java.util.Optional.empty())));
        try {
          if (registries.size() == 1) {
            r = finder.find(registries.get(0), query, trust);
          } else {
            Finder.Merged m = finder.merged(registries, query);
            m.failed().forEach(f -> spec.commandLine().getErr().println("ap2p: cannot query " + f));
            r = finder.rank(m, query, trust);
          }
        } catch (IOException e) {
          throw new CliFailure("cannot query " + registries + ": " + DialFailures.describe(e));
        }
      }
      if (json) {
        out.println(Json.pretty(io.ap2p.node.api.FindEndpoint.json(r))); // as POST /v1/find
        return ExitCodes.OK;
      }
      if (r.matches().isEmpty()) {
        out.println("no matches");
      }
      int i = 1;
      for (Match m : r.matches()) {
        CapabilityDescriptor d = m.descriptor().descriptor();
        out.printf(
            Locale.ROOT,
            "%d. %s  %s  %.3f  %s%n   trust: %s%n   why: %s%n",
            i++,
            d.peer(),
            d.id(),
            m.score().total(),
            d.intent().name(),
            m.score().known()
                ? String.format(Locale.ROOT, "%+.3f", m.score().trust())
                : "newcomer (no record" + (node == null ? "; give --node DIR" : "") + ")",
            m.score().why());
      }
      if (r.rejected() > 0) {
        spec.commandLine()
            .getErr()
            .println(
                "ap2p: "
                    + r.rejected()
                    + " returned descriptor(s) failed verification and were dropped");
      }
    }
    return ExitCodes.OK;
  }

  @Option(
      names = "--kad-protocol",
      paramLabel = "ID",
      defaultValue = DhtService.DEFAULT_PROTOCOL,
      description = "The kad-dht protocol id (default: ${DEFAULT-VALUE}).")
  String kadProtocol;

  private Finder.Result findInDht(Host host, Query query, TrustView trust) {
    try (DhtService service =
        new DhtService(
            host, SystemClock.INSTANCE, kadProtocol, Duration.ofSeconds(90), List::of, false)) {
      try {
        host.connect(bootstrap);
      } catch (IOException e) {
        throw new CliFailure("cannot reach " + bootstrap + ": " + DialFailures.describe(e));
      }
      long deadline = System.nanoTime() + dial.timeout().toNanos();
      while (service.routingTableSize() == 0) {
        if (System.nanoTime() > deadline) {
          throw new CliFailure(
              bootstrap + " does not speak " + kadProtocol + " (or did not identify in time)");
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CliFailure("interrupted");
        }
      }
      return new DhtFinder(
              service,
              SystemClock.INSTANCE,
              java.util.Optional.of(
                  new io.ap2p.node.trust.RevocationBook(
                      SystemClock.INSTANCE, java.util.Optional.empty())))
          .find(query, trust);
    } catch (IOException e) {
      throw new CliFailure("DHT query failed: " + e.getMessage());
    }
  }

  private Query query() {
    List<CapabilityTag> parsed = new ArrayList<>();
    for (String t : tags) {
      try {
        parsed.add(new CapabilityTag(t));
      } catch (IllegalArgumentException e) {
        throw new CliFailure("--tag " + t + ": " + e.getMessage());
      }
    }
    SideEffect effect;
    try {
      effect = SideEffect.valueOf(maxSideEffect.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliFailure(
          "--max-side-effect: expected none, reversible or irreversible, got '"
              + maxSideEffect
              + "'");
    }
    if (text.isBlank() && parsed.isEmpty()) {
      throw new CliFailure("say what you need: TEXT and/or --tag");
    }
    try {
      return new Query(
          text,
          parsed,
          maxLatencyMs,
          Optional.ofNullable(maxPrice),
          Optional.ofNullable(region),
          effect,
          minTier,
          limit);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(e.getMessage());
    }
  }
}
