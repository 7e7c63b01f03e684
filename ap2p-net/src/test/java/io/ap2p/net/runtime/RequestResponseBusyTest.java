package io.ap2p.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.resource.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request beyond the per-connection in-flight limit is answered BUSY and counted. */
class RequestResponseBusyTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final WireCodec<String> TEXT =
      WireCodec.of(
          t -> Bytes.wrap(t.getBytes(StandardCharsets.UTF_8)),
          b -> new String(b.toByteArray(), StandardCharsets.UTF_8),
          1024);
  static final RequestResponse<String, String> SLOW =
      new RequestResponse<>("/ap2p/slow/1.0.0", TEXT, TEXT, Duration.ofSeconds(5), 2);

  static final java.util.concurrent.Executor VIRTUAL = r -> Thread.ofVirtual().start(r);
  final List<Host> hosts = new ArrayList<>();
  final CountDownLatch gate = new CountDownLatch(1);
  final CountDownLatch entered = new CountDownLatch(2);

  @AfterEach
  void closeAll() {
    gate.countDown();
    hosts.forEach(Host::close);
  }

  Host host() throws Exception {
    Host h =
        Host.start(
            HostConfig.of(
                PrivateKey.generate(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                "ap2p/test"));
    hosts.add(h);
    return h;
  }

  @Test
  void aRequestBeyondTheInFlightLimitIsAnsweredBusyAndOthersAreServed() throws Exception {
    Host server = host();
    SLOW.serve(
        server,
        (peer, q) -> {
          entered.countDown();
          try {
            gate.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.of("done " + q);
        },
        Optional.of("BUSY"));
    Connection c = host().connect(server.listenAddrs().get(0).withPeerId(server.peerId()));
    List<CompletableFuture<Optional<String>>> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String q = "q" + i;
      held.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return SLOW.call(c, q);
                } catch (java.io.IOException e) {
                  throw new RuntimeException(e);
                }
              },
              VIRTUAL));
    }
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue(); // both hold their slot
    Optional<String> third = SLOW.call(c, "q2");
    assertThat(third).contains("BUSY");
    assertThat(server.refusals().count(Refusal.BUSY)).isEqualTo(1);
    // another connection has its own share
    Connection other = host().connect(server.listenAddrs().get(0).withPeerId(server.peerId()));
    CompletableFuture<Optional<String>> fromOther =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return SLOW.call(other, "o");
              } catch (java.io.IOException e) {
                throw new RuntimeException(e);
              }
            },
            VIRTUAL);
    gate.countDown();
    assertThat(fromOther.get(5, TimeUnit.SECONDS)).contains("done o");
    for (CompletableFuture<Optional<String>> f : held) {
      assertThat(f.get(5, TimeUnit.SECONDS).orElseThrow()).startsWith("done q");
    }
  }
}
