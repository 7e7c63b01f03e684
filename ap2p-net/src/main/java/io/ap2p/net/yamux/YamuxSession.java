package io.ap2p.net.yamux;

import io.ap2p.net.resource.ConnectionBudget;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.transport.DuplexChannel;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A yamux session over a secured channel: opens and accepts streams, enforces flow-control windows
 * and stream limits, answers pings, sends keep-alives and go-away.
 *
 * <p>One virtual thread reads frames; each accepted stream is handed to the handler on a virtual
 * thread of its own. A peer that breaks the protocol (window overrun, bad stream id, a flood of
 * openings) gets a go-away with the protocol-error code and the session closes; the reason is kept
 * in {@link #closeReason()}.
 */
public final class YamuxSession implements AutoCloseable {

  /** The multistream-select protocol id of yamux. */
  public static final String PROTOCOL_ID = "/yamux/1.0.0";

  private static final Logger LOG = Logger.getLogger(YamuxSession.class.getName());

  private final DuplexChannel channel;
  private final boolean client;
  final YamuxConfig config;
  private final Consumer<YamuxStream> inbound;
  final ConnectionBudget budget;
  private final Map<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
  private final AtomicInteger nextId;
  private final AtomicInteger inboundOpen = new AtomicInteger();
  private final AtomicInteger outboundOpen = new AtomicInteger();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final byte[] header = new byte[Frame.HEADER];
  private byte[] frameBuffer = new byte[0]; // guarded by writeLock
  private final AtomicLong pingId = new AtomicLong();
  private volatile long unansweredPingSince; // nanoTime of an outstanding keep-alive, or 0
  private volatile boolean remoteGoAway;
  private volatile boolean closed;
  private volatile String closeReason;
  private final java.util.concurrent.atomic.AtomicInteger refused =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Thread reader;
  private final Thread keepAlive;

  /**
   * Starts a session.
   *
   * @param client true on the dialling side (odd stream ids), false on the listening side
   * @param inbound receives each stream the remote opens, on its own virtual thread
   */
  public YamuxSession(
      DuplexChannel channel, boolean client, YamuxConfig config, Consumer<YamuxStream> inbound) {
    this(channel, client, config, inbound, ConnectionBudget.UNLIMITED);
  }

  /**
   * Starts a session whose inbound streams and buffered bytes are also bounded by {@code budget} (a
   * host's resource manager): a stream it refuses is reset, as one over {@link
   * YamuxConfig#maxStreams()} is.
   */
  public YamuxSession(
      DuplexChannel channel,
      boolean client,
      YamuxConfig config,
      Consumer<YamuxStream> inbound,
      ConnectionBudget budget) {
    this.budget = budget;
    this.channel = channel;
    this.client = client;
    this.config = config;
    this.inbound = inbound;
    this.nextId = new AtomicInteger(client ? 1 : 2);
    this.reader = Thread.ofVirtual().name("yamux-reader").start(this::readLoop);
    this.keepAlive =
        config.keepAlive().isZero()
            ? null
            : Thread.ofVirtual().name("yamux-keepalive").start(this::keepAliveLoop);
  }

  /**
   * Opens a stream to the remote.
   *
   * @throws IOException if the session is closed, the remote sent go-away, or the local stream
   *     limit is reached
   */
  public YamuxStream openStream() throws IOException {
    if (closed) {
      throw new IOException(
          "yamux session closed" + (closeReason == null ? "" : ": " + closeReason));
    }
    if (remoteGoAway) {
      throw new IOException("remote is going away; no new streams");
    }
    if (outboundOpen.incrementAndGet() > config.maxStreams()) {
      outboundOpen.decrementAndGet();
      throw new IOException("stream limit of " + config.maxStreams() + " reached");
    }
    int id = nextId.getAndAdd(2);
    if (id < 0) {
      throw new IOException("stream ids exhausted; open a new connection");
    }
    YamuxStream s = new YamuxStream(this, id, true);
    streams.put(id, s);
    // spec: a new stream is opened by a window update with SYN (delta = window beyond 256 KiB)
    sendFrame(
        new Frame(
            Frame.WINDOW_UPDATE, Frame.SYN, id, config.windowSize() - YamuxConfig.INITIAL_WINDOW),
        null,
        0,
        0);
    return s;
  }

  /** True once the session is closed, locally or by the remote. */
  public boolean isClosed() {
    return closed;
  }

  /** Why the session closed, or null while it is open. */
  public String closeReason() {
    return closeReason;
  }

  /** Streams currently open. */
  public int openStreams() {
    return streams.size();
  }

  /** Sends go-away (normal) and closes the session and every stream. */
  @Override
  public void close() {
    shutdown(Frame.GO_AWAY_NORMAL, "closed locally");
  }

  /** Waits until the reader has stopped (the session is closed). */
  public void awaitClosed() throws InterruptedException {
    reader.join();
  }

  /**
   * Waits at most {@code timeout} for the session to close.
   *
   * @return true if it closed
   */
  public boolean awaitClosedWithin(java.time.Duration timeout) throws InterruptedException {
    return reader.join(timeout) && closed;
  }

  // ---- reading

  private void readLoop() {
    try {
      byte[] h = new byte[Frame.HEADER];
      while (!closed) {
        if (!readFully(h, 0, Frame.HEADER, true)) {
          shutdown(-1, "remote closed the connection");
          return;
        }
        handle(Frame.decode(h, 0));
      }
    } catch (ProtocolViolationException e) {
      shutdown(Frame.GO_AWAY_PROTOCOL_ERROR, "protocol violation: " + e.getMessage());
    } catch (IOException e) {
      shutdown(-1, closed ? closeReason : "connection failed: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "yamux reader failed", e);
      shutdown(Frame.GO_AWAY_INTERNAL_ERROR, "internal error: " + e);
    }
  }

  private void handle(Frame f) throws IOException {
    switch (f.type()) {
      case Frame.PING -> {
        if (f.streamId() != 0) {
          throw new ProtocolViolationException("ping on stream " + f.streamId());
        }
        if (f.has(Frame.SYN)) {
          sendFrame(new Frame(Frame.PING, Frame.ACK, 0, f.length()), null, 0, 0);
        } else if (f.has(Frame.ACK)) {
          unansweredPingSince = 0;
        }
      }
      case Frame.GO_AWAY -> {
        if (f.streamId() != 0) {
          throw new ProtocolViolationException("go-away on stream " + f.streamId());
        }
        remoteGoAway = true;
        if (f.length() != Frame.GO_AWAY_NORMAL) {
          shutdown(-1, "remote sent go-away with error code " + f.length());
        }
      }
      case Frame.DATA, Frame.WINDOW_UPDATE -> handleStreamFrame(f);
      default -> throw new ProtocolViolationException("unknown frame type " + f.type());
    }
  }

  private void handleStreamFrame(Frame f) throws IOException {
    int id = f.streamId();
    if (id == 0) {
      throw new ProtocolViolationException("stream frame on stream 0");
    }
    if (f.type() == Frame.DATA && f.length() > config.windowSize()) {
      throw new ProtocolViolationException(
          "data frame of " + f.length() + " bytes exceeds the " + config.windowSize() + " window");
    }
    YamuxStream s = streams.get(id);
    if (f.has(Frame.SYN)) {
      if (s != null) {
        throw new ProtocolViolationException("stream " + id + " opened twice");
      }
      boolean theirParity = client ? (id % 2 == 0) : (id % 2 == 1);
      if (!theirParity) {
        throw new ProtocolViolationException("remote opened stream " + id + " with our parity");
      }
      if (remoteGoAway || closed) {
        skip(f);
        sendFrame(new Frame(Frame.WINDOW_UPDATE, Frame.RST, id, 0), null, 0, 0);
        return;
      }
      Optional<Refusal> no =
          inboundOpen.get() >= config.maxStreams()
              ? Optional.of(Refusal.STREAMS_PER_CONNECTION)
              : budget.admitInboundStream();
      if (no.isPresent()) {
        if (no.get() == Refusal.STREAMS_PER_CONNECTION) {
          budget.refused(no.get());
        }
        // only the peer's own excess counts towards a flood, not a host-wide shortage
        if (no.get() != Refusal.STREAMS_SYSTEM
            && refused.incrementAndGet() > config.maxRefusedStreams()) {
          throw new ProtocolViolationException(
              "stream flood: " + refused.get() + " openings beyond the limit (" + no.get() + ")");
        }
        skip(f);
        sendFrame(new Frame(Frame.WINDOW_UPDATE, Frame.RST, id, 0), null, 0, 0);
        return;
      }
      inboundOpen.incrementAndGet();
      s = new YamuxStream(this, id, false);
      streams.put(id, s);
      if (closed) { // raced with shutdown, which may have missed it
        release(s);
        s.sessionClosed(closeReason);
        return;
      }
      sendFrame(
          new Frame(
              Frame.WINDOW_UPDATE, Frame.ACK, id, config.windowSize() - YamuxConfig.INITIAL_WINDOW),
          null,
          0,
          0);
      YamuxStream accepted = s;
      Thread.ofVirtual()
          .name("yamux-stream-" + id)
          .start(
              () -> {
                try {
                  inbound.accept(accepted);
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "stream handler failed", e);
                  accepted.reset();
                }
              });
    }
    if (s == null) {
      // a late frame for a stream we already forgot (reset or fully closed): drop its payload
      skip(f);
      return;
    }
    if (f.type() == Frame.DATA) {
      s.receiveData(this::readFully, (int) f.length());
    } else {
      s.receiveWindow(f.length());
    }
    if (f.has(Frame.RST)) {
      s.remoteReset();
    } else if (f.has(Frame.FIN)) {
      s.remoteFin();
    }
  }

  private void skip(Frame f) throws IOException {
    if (f.type() != Frame.DATA) {
      return;
    }
    byte[] junk = new byte[(int) Math.min(f.length(), 16384)];
    long left = f.length();
    while (left > 0) {
      int n = (int) Math.min(left, junk.length);
      if (!readFully(junk, 0, n, false)) {
        throw new EOFException("connection closed inside a data frame");
      }
      left -= n;
    }
  }

  /** Reads exactly {@code len} bytes; false if the channel ended cleanly before the first byte. */
  boolean readFully(byte[] b, int off, int len, boolean eofOk) throws IOException {
    int at = 0;
    while (at < len) {
      int n = channel.read(b, off + at, len - at);
      if (n < 0) {
        if (at == 0 && eofOk) {
          return false;
        }
        throw new EOFException("connection closed inside a yamux frame");
      }
      at += n;
    }
    return true;
  }

  /** A reader of frame payloads, handed to streams. */
  interface PayloadReader {
    boolean readFully(byte[] b, int off, int len, boolean eofOk) throws IOException;
  }

  // ---- writing

  /** Sends one frame with {@code len} payload bytes from {@code data}, then flushes. */
  void sendFrame(Frame f, byte[] data, int off, int len) throws IOException {
    writeLock.lock();
    try {
      if (closed && f.type() != Frame.GO_AWAY) {
        throw new IOException(
            "yamux session closed" + (closeReason == null ? "" : ": " + closeReason));
      }
      if (len == 0) {
        f.encode(header, 0);
        channel.write(header, 0, Frame.HEADER);
      } else {
        // header and payload in one write: one Noise message per frame (maxFrame + 12 fits one)
        if (frameBuffer.length < Frame.HEADER + len) {
          frameBuffer = new byte[Frame.HEADER + Math.max(len, config.maxFrame())];
        }
        f.encode(frameBuffer, 0);
        System.arraycopy(data, off, frameBuffer, Frame.HEADER, len);
        channel.write(frameBuffer, 0, Frame.HEADER + len);
      }
      channel.flush();
    } finally {
      writeLock.unlock();
    }
  }

  /** Forgets a stream once both directions are done or it was reset. */
  void release(YamuxStream s) {
    synchronized (this) { // against shutdown, which releases what is left
      if (!streams.remove(s.id(), s)) {
        return;
      }
    }
    (s.outbound() ? outboundOpen : inboundOpen).decrementAndGet();
    if (!s.outbound()) {
      budget.inboundStreamClosed();
    }
    s.released();
  }

  private void keepAliveLoop() {
    long timeout = config.keepAliveTimeout().toNanos();
    try {
      while (!closed) {
        Thread.sleep(config.keepAlive());
        long since = unansweredPingSince;
        if (since != 0 && System.nanoTime() - since > timeout) {
          shutdown(
              Frame.GO_AWAY_NORMAL, "keep-alive ping unanswered for " + config.keepAliveTimeout());
          return;
        }
        if (since == 0) {
          unansweredPingSince = System.nanoTime();
          sendFrame(
              new Frame(Frame.PING, Frame.SYN, 0, pingId.incrementAndGet() & 0xffffffffL),
              null,
              0,
              0);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      shutdown(-1, "keep-alive failed: " + e.getMessage());
    }
  }

  /** Best effort: a writer stuck on a peer that does not read must not block the shutdown. */
  private void sendGoAway(int code) {
    try {
      if (writeLock.tryLock(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        try {
          new Frame(Frame.GO_AWAY, 0, 0, code).encode(header, 0);
          channel.write(header, 0, Frame.HEADER);
          channel.flush();
        } finally {
          writeLock.unlock();
        }
      }
    } catch (IOException ignored) {
      // the connection is already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An inbound stream was refused after it opened; past the limit the session ends as a flood. */
  void refusedAfterOpening() {
    int n = refused.incrementAndGet();
    if (n > config.maxRefusedStreams()) {
      shutdown(
          Frame.GO_AWAY_PROTOCOL_ERROR,
          "protocol violation: stream flood: " + n + " openings beyond the limit");
    }
  }

  private void shutdown(int goAwayCode, String reason) {
    List<YamuxStream> open;
    synchronized (this) {
      if (closed) {
        return;
      }
      closeReason = reason;
      closed = true;
      if (goAwayCode >= 0) {
        sendGoAway(goAwayCode);
      }
      open = new ArrayList<>(streams.values());
      streams.clear();
    }
    for (YamuxStream s : open) {
      if (!s.outbound()) {
        budget.inboundStreamClosed();
      }
      s.sessionClosed(reason);
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    if (keepAlive != null && Thread.currentThread() != keepAlive) {
      keepAlive.interrupt();
    }
  }
}
