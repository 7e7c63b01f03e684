package io.ap2p.cli.net;

import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.pubsub.GossipParams;
import io.ap2p.node.discovery.FederationOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ap2p node start}'s flags for registry federation (docs/discovery.md, "Federation"). */
public final class FederationFlags {

  @Option(
      names = "--federate",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = {
        "With --registry: replicate this registry with the peer registry at MULTIADDR",
        "(with /p2p/<peer id>) over GossipSub (/meshsub/1.1.0); repeatable, at most 32.",
        "Each replica re-checks every descriptor it receives (signature, seq, TTL, quotas);",
        "a registry started empty first pulls the table of the first peer that answers.",
        "Peers down at start are dialled again every 2 s."
      })
  List<Multiaddr> federate = new ArrayList<>();

  @Option(
      names = "--federated",
      description = {
        "With --registry: replicate with the peer registries that dial this one (their",
        "--federate), without dialling any itself; how the first registry of a federation",
        "starts. Implied by --federate."
      })
  boolean federated;

  /** The federation options these flags give, with {@code registryPeers} from --registry-peer. */
  FederationOptions apply(CommandSpec spec, boolean serveRegistry, List<Multiaddr> registryPeers) {
    if ((federated || !federate.isEmpty()) && !serveRegistry) {
      throw new ParameterException(
          spec.commandLine(),
          (federated ? "--federated" : "--federate")
              + ": only a registry federates; add --registry");
    }
    if (federate.size() > FederationOptions.MAX_PEERS
        || registryPeers.size() > FederationOptions.MAX_PEERS) {
      throw new ParameterException(
          spec.commandLine(),
          "--federate, --registry-peer: at most " + FederationOptions.MAX_PEERS + " each");
    }
    for (Multiaddr a : federate) {
      if (a.peerId().isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "--federate: the address must end in /p2p/<peer id>");
      }
    }
    List<Multiaddr> peers = registryPeers.stream().filter(a -> a.peerId().isPresent()).toList();
    return new FederationOptions(
        peers.size() > 1 ? peers : List.of(),
        federated || !federate.isEmpty(),
        federate,
        GossipParams.DEFAULTS);
  }
}
