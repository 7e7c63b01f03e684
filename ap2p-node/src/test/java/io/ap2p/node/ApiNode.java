package io.ap2p.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * A test node serving a registry with its local API in {@code dir}, and the API's URL and token.
 */
public record ApiNode(Node node, String url, String token) {

  /** Starts the node on a loopback port and reads {@code api.json}. */
  public static ApiNode start(Path dir) throws Exception {
    Node node =
        Node.start(
            new NodeOptions(
                PrivateKey.generate(new SecureRandom()),
                List.of(Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                List.of(),
                true,
                Optional.empty(),
                List.of(),
                "ap2p-test",
                Optional.of(dir),
                NodeOptions.Discovery.REGISTRY,
                io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL),
            SystemClock.INSTANCE,
            line -> {});
    JsonNode api = Json.parse(Files.readAllBytes(dir.resolve(LocalApi.FILE)));
    return new ApiNode(node, api.get("url").asText(), api.get("token").asText());
  }
}
