package io.ap2p.net.pubsub;

import io.ap2p.core.identity.PeerId;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Stream;
import io.ap2p.net.transport.LengthPrefixed;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * This side's long-lived outbound {@code /meshsub/1.1.0} stream to one peer (pubsub/README.md,
 * "Stream management": each side writes its RPCs on a stream it opened) and the bounded queue of
 * RPCs waiting for it, written by a virtual thread of its own. When the queue is full an RPC is
 * dropped and counted, as go-libp2p does, so a slow peer cannot make the router hold unbounded
 * memory; gossip repairs what is lost.
 */
final class PeerLink {

  private static final Logger LOG = Logger.getLogger(PeerLink.class.getName());

  /** RPCs waiting per peer, at most. */
  static final int QUEUE = 512;

  private final Connection connection;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong bytesSent;
  private final AtomicLong dropped;
  private volatile boolean closed;
  private volatile Stream stream;

  PeerLink(Connection connection, AtomicLong bytesSent, AtomicLong dropped) {
    this.connection = connection;
    this.bytesSent = bytesSent;
    this.dropped = dropped;
  }

  PeerId peer() {
    return connection.remotePeer();
  }

  Connection connection() {
    return connection;
  }

  boolean closed() {
    return closed || connection.isClosed();
  }

  /** Queues an encoded RPC; false (and counted) if the queue is full or the link closed. */
  boolean offer(byte[] rpc) {
    if (closed || !queue.offer(rpc)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Opens the stream and writes queued RPCs until it fails or closes; then {@code onClose}. */
  void start(String protocol, Runnable onClose) {
    Thread.ofVirtual()
        .name("meshsub → " + connection.remotePeer().shortForm())
        .start(() -> run(protocol, onClose));
  }

  private void run(String protocol, Runnable onClose) {
    try {
      Stream s = connection.newStream(protocol);
      stream = s;
      while (!closed) {
        byte[] rpc = queue.poll(250, TimeUnit.MILLISECONDS);
        if (rpc == null) {
          if (connection.isClosed()) {
            break;
          }
          continue;
        }
        LengthPrefixed.write(s.out(), rpc);
        bytesSent.addAndGet(rpc.length + 3L);
      }
    } catch (IOException | RuntimeException e) {
      LOG.fine(() -> "meshsub stream to " + connection + " ended: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closed = true;
      queue.clear();
      Stream s = stream;
      if (s != null) {
        s.reset();
      }
      onClose.run();
    }
  }

  /** Stops writing and resets the stream. */
  void close() {
    closed = true;
    Stream s = stream;
    if (s != null) {
      s.reset();
    }
  }

  /** How long a writer waits between checks that its connection is still open. */
  static final Duration POLL = Duration.ofMillis(250);
}
