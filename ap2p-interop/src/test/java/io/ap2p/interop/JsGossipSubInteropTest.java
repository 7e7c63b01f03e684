package io.ap2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.pubsub.GossipParams;
import io.ap2p.net.pubsub.GossipSub;
import io.ap2p.net.pubsub.PubsubMessage;
import io.ap2p.net.pubsub.Validation;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ap2p's GossipSub against js-libp2p's {@code @chainsafe/libp2p-gossipsub} 14.1.2 on {@code
 * /meshsub/1.1.0}, StrictSign: two ap2p peers connected only through the js peer; the js peer joins
 * both meshes, receives what one ap2p peer publishes and forwards it to the other, and its own
 * messages verify on ours.
 */
@Tag("interop")
class JsGossipSubInteropTest {

  static final String TOPIC = "/ap2p/interop/gossipsub";
  static final SecureRandom RANDOM = new SecureRandom();
  static final GossipParams FAST = GossipParams.DEFAULTS.withHeartbeat(Duration.ofMillis(300));

  final List<AutoCloseable> open = new ArrayList<>();

  record Ours(Host host, GossipSub sub, BlockingQueue<PubsubMessage> got) {}

  Ours ours() throws Exception {
    PrivateKey key = PrivateKey.generate(RANDOM);
    Host h =
        Host.start(
            HostConfig.of(key, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), "ap2p/interop"));
    GossipSub g = GossipSub.start(h, key, FAST, SystemClock.INSTANCE, new SplittableRandom());
    open.add(h);
    open.add(g);
    BlockingQueue<PubsubMessage> got = new LinkedBlockingQueue<>();
    g.subscribe(
        TOPIC,
        (src, m) -> {
          got.add(m);
          return Validation.ACCEPT;
        });
    return new Ours(h, g, got);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aJsPeerJoinsTheMeshReceivesForwardsAndPublishes() throws Exception {
    JsPeer js = new JsPeer(JsPeer.project("js-gossipsub"));
    open.add(js);
    js.call("subscribe", Map.of("topic", TOPIC));
    Ours a = ours();
    Ours b = ours();
    Multiaddr jsAddr = Multiaddr.parse(js.addrs.get(0));
    a.sub().connect(jsAddr); // ours dials js
    js.call(
        "connect",
        Map.of("addr", b.host().listenAddrs().get(0).withPeerId(b.host().peerId()).toString()));
    String aId = a.host().peerId().toString();
    String bId = b.host().peerId().toString();
    await(
        "js grafted both ap2p peers",
        () -> {
          JsonNode mesh = js.call("mesh", Map.of("topic", TOPIC)).get("mesh");
          List<String> ids = new ArrayList<>();
          mesh.forEach(n -> ids.add(n.asText()));
          return ids.contains(aId) && ids.contains(bId);
        });
    await(
        "ap2p peers grafted js",
        () ->
            a.sub().mesh(TOPIC).stream().anyMatch(p -> p.toString().equals(js.peerId))
                && b.sub().mesh(TOPIC).stream().anyMatch(p -> p.toString().equals(js.peerId)));

    // a → js → b: js verifies our StrictSign signature, delivers and forwards
    Bytes id = a.sub().publish(TOPIC, Bytes.wrap("from ap2p".getBytes(StandardCharsets.UTF_8)));
    PubsubMessage atB = b.got().poll(15, TimeUnit.SECONDS);
    assertThat(atB).as("forwarded by js; js stderr:\n" + js.stderr()).isNotNull();
    assertThat(atB.id()).isEqualTo(id);
    assertThat(atB.data().toUtf8()).isEqualTo("from ap2p");
    await(
        "js delivered it",
        () -> js.call("received", Map.of("topic", TOPIC)).get("messages").size() == 1);
    JsonNode atJs = js.call("received", Map.of("topic", TOPIC)).get("messages").get(0);
    assertThat(atJs.get("from").asText()).isEqualTo(aId);
    assertThat(
            new String(HexFormat.of().parseHex(atJs.get("data").asText()), StandardCharsets.UTF_8))
        .isEqualTo("from ap2p");

    // js publishes: both ap2p peers verify its signature and deliver it once
    js.call(
        "publish", Map.of("topic", TOPIC, "data", HexFormat.of().formatHex("from js".getBytes())));
    for (Ours o : List.of(a, b)) {
      PubsubMessage m = o.got().poll(15, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.data().toUtf8()).isEqualTo("from js");
      assertThat(new io.ap2p.core.identity.PeerId(m.from()).toString()).isEqualTo(js.peerId);
    }
  }

  /** A condition that may throw (it asks the js peer). */
  interface Condition {
    boolean holds() throws Exception;
  }

  static void await(String what, Condition c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
