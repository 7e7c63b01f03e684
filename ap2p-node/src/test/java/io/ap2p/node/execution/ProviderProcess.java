package io.ap2p.node.execution;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.store.DataDir;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * A provider node in a process of its own, for crash tests: serves text.summarize from the data
 * directory in {@code args[0]} (its own registry, so it publishes to itself), prints its address
 * and runs until killed.
 */
public final class ProviderProcess {

  private ProviderProcess() {}

  /** Runs the node. */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    PrivateKey key = DataDir.open(data).loadOrCreateIdentity(new SecureRandom()).key();
    Node n =
        Node.start(
            new NodeOptions(
                    key,
                    List.of(LoopbackNetwork.loopback()),
                    List.of(),
                    true,
                    Optional.empty(),
                    List.of(),
                    "ap2p-crash-test",
                    Optional.of(data),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .serving(List.of(CapabilitySpec.forBuiltin("text.summarize"))),
            SystemClock.INSTANCE,
            line -> System.err.println(line));
    System.out.println("listening " + n.host().listenAddrs().get(0).withPeerId(n.host().peerId()));
    System.out.flush();
    Thread.currentThread().join();
  }
}
