package io.ap2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.protocol.Identify;
import io.ap2p.net.protocol.IdentifyRecord;
import io.ap2p.net.protocol.Ping;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ap2p's host against a real js-libp2p peer (pinned in js/package-lock.json), both ways. */
@Tag("interop")
class JsLibp2pInteropTest {

  static final String ECHO = "/ap2p/echo/1.0.0";
  static final SecureRandom RANDOM = new SecureRandom();
  static JsPeer js;
  static Host host;

  @BeforeAll
  static void start() throws Exception {
    js = new JsPeer();
    host =
        Host.start(
            HostConfig.of(
                PrivateKey.generate(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                "ap2p/interop-test"));
    host.handle(
        ECHO,
        s -> {
          s.in().transferTo(s.out());
          s.close();
        });
  }

  @AfterAll
  static void stop() throws Exception {
    if (host != null) {
      host.close();
    }
    if (js != null) {
      js.close();
    }
  }

  static Multiaddr jsAddr() throws Exception {
    return Multiaddr.parse(js.addrs.get(0));
  }

  static String ourAddr() {
    return host.listenAddrs().get(0).withPeerId(host.peerId()).toString();
  }

  @Test
  void wePingJs() throws Exception {
    try (Stream s = host.newStream(jsAddr(), Ping.PROTOCOL_ID)) {
      for (int i = 0; i < 3; i++) {
        assertThat(Ping.once(s, RANDOM, Duration.ofSeconds(10))).isPositive();
      }
    }
  }

  @Test
  void weIdentifyJs() throws Exception {
    Connection c = host.connect(jsAddr());
    IdentifyRecord r = Identify.request(host, c);
    assertThat(r.publicKey().peerId().toString()).isEqualTo(js.peerId);
    assertThat(r.agentVersion()).isEqualTo("js-libp2p-interop");
    assertThat(r.protocols()).contains(Identify.PROTOCOL_ID, Ping.PROTOCOL_ID, ECHO);
    assertThat(r.listenAddrs()).isNotEmpty();
    // js-libp2p appends our peer id to the address it observed
    assertThat(r.observedAddr().orElseThrow().withoutPeerId()).isEqualTo(c.localAddr());
  }

  @Test
  void weEchoOneMebibyteThroughJs() throws Exception {
    byte[] data = new byte[1 << 20];
    RANDOM.nextBytes(data);
    try (Stream s = host.newStream(jsAddr(), ECHO)) {
      CompletableFuture<Void> w =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int off = 0; off < data.length; off += 65536) {
                    s.out().write(data, off, 65536);
                  }
                  s.closeWrite();
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      assertThat(s.in().readAllBytes()).isEqualTo(data);
      w.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void jsPingsUs() throws Exception {
    JsonNode r = js.call("ping", Map.of("addr", ourAddr()));
    assertThat(r.get("rtt").asDouble()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void jsIdentifiesUs() throws Exception {
    JsonNode r = js.call("identify", Map.of("addr", ourAddr()));
    assertThat(r.get("peerId").asText()).isEqualTo(host.peerId().toString());
    assertThat(r.get("agentVersion").asText()).isEqualTo("ap2p/interop-test");
    List<String> protocols = new ArrayList<>();
    r.get("protocols").forEach(p -> protocols.add(p.asText()));
    assertThat(protocols).contains(Identify.PROTOCOL_ID, Ping.PROTOCOL_ID, ECHO);
    List<String> addrs = new ArrayList<>();
    r.get("listenAddrs").forEach(a -> addrs.add(a.asText()));
    assertThat(addrs).contains(host.listenAddrs().get(0).toString());
  }

  @Test
  void jsEchoesOneMebibyteThroughUs() throws Exception {
    JsonNode r = js.call("echo", Map.of("addr", ourAddr(), "size", 1 << 20));
    assertThat(r.get("bytes").asInt()).isEqualTo(1 << 20);
  }
}
