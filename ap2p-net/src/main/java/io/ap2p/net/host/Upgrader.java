package io.ap2p.net.host;

import io.ap2p.core.identity.PeerId;
import io.ap2p.net.noise.NoiseChannel;
import io.ap2p.net.noise.NoiseSecurity;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.transport.ChannelStreams;
import io.ap2p.net.transport.Multistream;
import io.ap2p.net.yamux.YamuxSession;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Upgrades a raw TCP socket to an authenticated channel ready for yamux: multistream-select to
 * {@code /noise}, the Noise handshake, multistream-select to {@code /yamux/1.0.0}. Two deadlines
 * bound it, so a peer trickling bytes cannot hold a socket open: the first message (multistream
 * header and security proposal) within a short one, the whole upgrade within the handshake timeout.
 *
 * <pre>
 *   ACCEPTED ──ms /noise──▶ SECURITY_AGREED ──Noise XX──▶ SECURED ──ms /yamux──▶ (done)
 *      └ first-message deadline ┘
 *      └──────────────────────── handshake deadline ─────────────────────────┘
 * </pre>
 */
final class Upgrader {

  /** How far an upgrade got. */
  enum Stage {
    /** The socket is open; nothing agreed yet. */
    ACCEPTED,
    /** Multistream agreed on the security protocol (the first message arrived). */
    SECURITY_AGREED,
    /** Noise done: the remote is authenticated. */
    SECURED
  }

  /** Told of each stage reached (admission uses it to tell stalled handshakes from live ones). */
  interface Progress {
    void reached(Stage stage);

    Progress NONE = stage -> {};
  }

  /** A deadline passed; says which. */
  static final class Expired extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;
    final transient Refusal reason;

    Expired(Refusal reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  private final NoiseSecurity noise;
  private final Duration timeout;

  Upgrader(NoiseSecurity noise, Duration timeout) {
    this.noise = noise;
    this.timeout = timeout;
  }

  /**
   * Runs the upgrade as the dialler ({@code outbound}) or the listener.
   *
   * @param expected the peer id a dialled address named, if any
   * @param firstMessage the deadline for the first message, at most the handshake timeout
   * @throws Expired if a deadline passed
   */
  NoiseChannel upgrade(
      Socket socket,
      boolean outbound,
      Optional<PeerId> expected,
      Duration firstMessage,
      Progress progress)
      throws IOException {
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) timeout.toMillis());
    AtomicReference<Stage> stage = new AtomicReference<>(Stage.ACCEPTED);
    AtomicReference<Expired> expired = new AtomicReference<>();
    long first = Math.min(firstMessage.toMillis(), timeout.toMillis());
    Thread watchdog =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(first);
                    if (stage.get() == Stage.ACCEPTED) {
                      expired.set(
                          new Expired(
                              Refusal.HANDSHAKE_FIRST_MESSAGE_TIMEOUT,
                              "no multistream header within " + first + " ms"));
                      socket.close();
                      return;
                    }
                    Thread.sleep(timeout.toMillis() - first);
                    expired.set(
                        new Expired(
                            Refusal.HANDSHAKE_TIMEOUT,
                            "handshake not complete within " + timeout.toMillis() + " ms"));
                    socket.close();
                  } catch (InterruptedException | IOException ignored) {
                    // finished in time, or already closed
                  }
                });
    try {
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 17);
      NoiseChannel ch;
      if (outbound) {
        Multistream.select(in, out, List.of(NoiseSecurity.PROTOCOL_ID));
        advance(stage, progress, Stage.SECURITY_AGREED);
        ch = noise.initiate(in, out, expected);
        advance(stage, progress, Stage.SECURED);
        Multistream.select(
            ChannelStreams.in(ch), ChannelStreams.out(ch), List.of(YamuxSession.PROTOCOL_ID));
      } else {
        Multistream.accept(
            in, out, NoiseSecurity.PROTOCOL_ID::equals, List.of(NoiseSecurity.PROTOCOL_ID));
        advance(stage, progress, Stage.SECURITY_AGREED);
        ch = noise.respond(in, out);
        advance(stage, progress, Stage.SECURED);
        Multistream.accept(
            ChannelStreams.in(ch),
            ChannelStreams.out(ch),
            YamuxSession.PROTOCOL_ID::equals,
            List.of(YamuxSession.PROTOCOL_ID));
      }
      watchdog.interrupt();
      socket.setSoTimeout(0); // from here on, yamux keep-alive detects dead peers
      return ch;
    } catch (IOException e) {
      Expired why = expired.get();
      if (why != null) {
        throw why;
      }
      if (e instanceof SocketTimeoutException) { // the socket's own timeout beat the watchdog
        throw new Expired(
            Refusal.HANDSHAKE_TIMEOUT,
            "handshake not complete within " + timeout.toMillis() + " ms");
      }
      throw e;
    } finally {
      watchdog.interrupt();
    }
  }

  private static void advance(AtomicReference<Stage> stage, Progress progress, Stage to) {
    stage.set(to);
    progress.reached(to);
  }
}
