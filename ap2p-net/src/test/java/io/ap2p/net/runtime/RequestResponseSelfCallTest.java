package io.ap2p.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import java.lang.ref.WeakReference;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * In-process calls to a host's own protocol: the host answers itself, and a host whose service
 * stopped with {@code host.unhandle} (not {@code unserve}) is not kept alive by the protocol's
 * table of served handlers (a long-lived constant, like every protocol's).
 */
class RequestResponseSelfCallTest {

  static final RequestResponse<String, String> ECHO =
      new RequestResponse<>(
          "/ap2p/self-echo/1.0.0",
          RequestResponseBusyTest.TEXT,
          RequestResponseBusyTest.TEXT,
          java.time.Duration.ofSeconds(5),
          2);

  /** A service that holds the host it serves on, as the node's services do. */
  record Service(Host host) {
    Optional<String> answer(String q) {
      return Optional.of(host.peerId().shortForm() + " " + q);
    }
  }

  @Test
  void aHostCallsItselfInProcessAndAStoppedOneIsNotKeptAlive() throws Exception {
    WeakReference<Host> gone = serveCallAndStop();
    for (int i = 0; i < 100 && gone.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(gone.get()).as("the stopped host, still reachable").isNull();
  }

  private static WeakReference<Host> serveCallAndStop() throws Exception {
    Host h =
        Host.start(
            HostConfig.of(
                PrivateKey.generate(new SecureRandom()),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                "ap2p/test"));
    Service service = new Service(h);
    ECHO.serve(h, (peer, q) -> service.answer(q), Optional.empty());
    Multiaddr self = h.listenAddrs().get(0).withPeerId(h.peerId());
    assertThat(ECHO.call(h, self, "hi")).contains(h.peerId().shortForm() + " hi");
    h.unhandle(ECHO.protocol()); // how several services stop
    h.close();
    return new WeakReference<>(h);
  }
}
