package io.ap2p.net.host;

import io.ap2p.core.identity.PeerId;
import io.ap2p.net.noise.NoiseChannel;
import io.ap2p.net.noise.NoiseSecurity;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Upgrades a raw TCP socket to an authenticated channel ready for yamux: multistream-select to
 * {@code /noise}, the Noise handshake, multistream-select to {@code /yamux/1.0.0}, all within one
 * hard deadline so a peer trickling bytes cannot hold a socket open.
 */
final class Upgrader {

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
   * @throws SocketTimeoutException if the deadline passed
   */
  NoiseChannel upgrade(Socket socket, boolean outbound, Optional<PeerId> expected)
      throws IOException {
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) timeout.toMillis());
    AtomicBoolean expired = new AtomicBoolean();
    Thread watchdog =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(timeout);
                    expired.set(true);
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
        ch = noise.initiate(in, out, expected);
        Multistream.select(
            ChannelStreams.in(ch), ChannelStreams.out(ch), List.of(YamuxSession.PROTOCOL_ID));
      } else {
        Multistream.accept(
            in, out, NoiseSecurity.PROTOCOL_ID::equals, List.of(NoiseSecurity.PROTOCOL_ID));
        ch = noise.respond(in, out);
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
      if (expired.get()) {
        throw new SocketTimeoutException(
            "handshake not complete within " + timeout.toMillis() + " ms");
      }
      throw e;
    } finally {
      watchdog.interrupt();
    }
  }
}
