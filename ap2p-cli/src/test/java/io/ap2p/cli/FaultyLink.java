package io.ap2p.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that makes a link worse: each chunk it forwards waits {@code delayMillis}
 * first, and {@link #cut()} closes every connection through it at once (both sides see a reset or
 * an end of stream, as when a route drops). Connections are encrypted end to end by Noise, so the
 * proxy only delays and cuts; it cannot read or forge.
 */
final class FaultyLink implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long delayMillis;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong cuts = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean closed;

  FaultyLink(int targetPort, long delayMillis) throws IOException {
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.delayMillis = delayMillis;
    Thread.ofVirtual().name("faulty-link " + port()).start(this::acceptLoop);
  }

  /** The loopback port to dial instead of the target's. */
  int port() {
    return server.getLocalPort();
  }

  /** {@code multiaddr} (an /ip4/127.0.0.1/tcp/PORT/p2p/ID address) rewritten to go through here. */
  String via(String multiaddr) {
    return multiaddr.replaceFirst("/tcp/\\d+/", "/tcp/" + port() + "/");
  }

  /** Closes every connection through the link now; new ones are accepted again. */
  void cut() {
    for (Socket s : open) {
      close(s);
    }
    cuts.incrementAndGet();
  }

  long cuts() {
    return cuts.get();
  }

  long connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket in = server.accept();
        connections.incrementAndGet();
        Socket out = new Socket();
        try {
          out.connect(target, 2_000);
        } catch (IOException e) {
          close(in); // the target is down: the dialer sees the connection close
          continue;
        }
        open.add(in);
        open.add(out);
        Thread.ofVirtual().start(() -> pump(in, out));
        Thread.ofVirtual().start(() -> pump(out, in));
      } catch (IOException e) {
        if (!closed) {
          sleepQuietly(10);
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // cut, or one side went away
    } finally {
      close(from);
      close(to);
    }
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    cut();
  }
}
