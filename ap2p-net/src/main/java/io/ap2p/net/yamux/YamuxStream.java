package io.ap2p.net.yamux;

import io.ap2p.net.transport.ProtocolViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One yamux stream: an ordered, flow-controlled byte pipe inside a session, with half-close ({@link
 * #closeWrite()}) and reset. Reading and writing block (on virtual threads).
 */
public final class YamuxStream implements AutoCloseable {

  /**
   * First size of the receive ring; it doubles as data arrives, up to the window, so a short
   * request/response stream does not allocate a whole window (256 KiB) on each side.
   */
  static final int INITIAL_BUFFER = 4096;

  private final YamuxSession session;
  private final int id;
  private final boolean outbound;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int capacity; // the receive window: unread bytes never exceed it
  private byte[] buffer = new byte[INITIAL_BUFFER]; // ring of received, unread bytes; grows
  private int head;
  private int size;
  private int unacknowledged; // bytes read since the last window update we sent
  private long recvWindow; // credit the remote still has
  private long sendWindow = YamuxConfig.INITIAL_WINDOW;
  private boolean localFin;
  private boolean remoteFin;
  private boolean uncharged; // the session forgot us: unread bytes no longer count in the budget
  private String resetReason;
  private long readTimeoutNanos;
  private final InputStream in = new In();
  private final OutputStream out = new Out();

  YamuxStream(YamuxSession session, int id, boolean outbound) {
    this.session = session;
    this.id = id;
    this.outbound = outbound;
    this.capacity = session.config.windowSize();
    this.recvWindow = capacity;
  }

  /** The stream id (odd when the dialler opened it). */
  public int id() {
    return id;
  }

  /** True if this side opened the stream. */
  public boolean outbound() {
    return outbound;
  }

  /** Bytes from the remote; ends when the remote half-closes, fails when the stream is reset. */
  public InputStream inputStream() {
    return in;
  }

  /** Bytes to the remote; {@link OutputStream#close()} half-closes. */
  public OutputStream outputStream() {
    return out;
  }

  /** Bounds each blocking read; zero (the default) waits forever. */
  public void setReadTimeout(Duration timeout) {
    lock.lock();
    try {
      readTimeoutNanos = timeout.toNanos();
    } finally {
      lock.unlock();
    }
  }

  /** Half-closes: tells the remote no more data will come (FIN). Idempotent. */
  public void closeWrite() throws IOException {
    boolean release;
    lock.lock();
    try {
      if (localFin || resetReason != null) {
        return;
      }
      localFin = true;
      release = remoteFin;
    } finally {
      lock.unlock();
    }
    session.sendFrame(new Frame(Frame.WINDOW_UPDATE, Frame.FIN, id, 0), null, 0, 0);
    if (release) {
      session.release(this);
    }
  }

  /** Half-closes the write side; the stream is forgotten once the remote half-closes too. */
  @Override
  public void close() throws IOException {
    closeWrite();
  }

  /** Aborts the stream in both directions (RST). Idempotent. */
  public void reset() {
    resetLocally("reset locally");
  }

  /**
   * Resets an inbound stream refused by a limit above yamux (e.g. too many streams still
   * negotiating): it counts towards the session's stream-flood limit like a refused opening.
   */
  public void refuse() {
    reset();
    session.refusedAfterOpening();
  }

  private void resetLocally(String reason) {
    int dropped;
    lock.lock();
    try {
      if (resetReason != null) {
        return;
      }
      resetReason = reason;
      dropped = size; // unread data is dropped, and its buffer given back
      size = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    session.budget.releaseBytes(dropped);
    session.release(this);
    try {
      session.sendFrame(new Frame(Frame.WINDOW_UPDATE, Frame.RST, id, 0), null, 0, 0);
    } catch (IOException ignored) {
      // the session is gone, which resets the stream anyway
    }
  }

  // ---- called by the session's reader

  void receiveData(YamuxSession.PayloadReader reader, int len) throws IOException {
    if (len == 0) {
      return;
    }
    lock.lock();
    try {
      if (len > recvWindow) {
        throw new ProtocolViolationException(
            "stream " + id + ": " + len + " bytes sent into a window of " + recvWindow);
      }
      recvWindow -= len;
    } finally {
      lock.unlock();
    }
    byte[] data = new byte[len];
    if (!reader.readFully(data, 0, len, false)) {
      throw new java.io.EOFException("connection closed inside a data frame");
    }
    java.util.Optional<io.ap2p.net.resource.Refusal> refused;
    lock.lock();
    try {
      if (resetReason != null || remoteFin || uncharged) {
        return; // late data after reset or FIN: dropped
      }
      refused = session.budget.reserveBytes(len);
      if (refused.isEmpty()) {
        append(data, len);
        return;
      }
    } finally {
      lock.unlock();
    }
    // the connection or the host buffers too much unread data: this stream gives way
    resetLocally("buffered bytes limit (" + refused.get().counterName() + ")");
  }

  /** Appends {@code len} received bytes to the ring; under the lock. */
  private void append(byte[] data, int len) {
    if (size + len > buffer.length) {
      grow(size + len);
    }
    int tail = (head + size) % buffer.length;
    int first = Math.min(len, buffer.length - tail);
    System.arraycopy(data, 0, buffer, tail, first);
    System.arraycopy(data, first, buffer, 0, len - first);
    size += len;
    changed.signalAll();
  }

  /** Grows the ring to hold at least {@code needed} bytes (at most the window); under the lock. */
  private void grow(int needed) {
    int n = Math.min(capacity, Math.max(needed, buffer.length * 2));
    byte[] bigger = new byte[Math.max(n, needed)];
    int first = Math.min(size, buffer.length - head);
    System.arraycopy(buffer, head, bigger, 0, first);
    System.arraycopy(buffer, 0, bigger, first, size - first);
    buffer = bigger;
    head = 0;
  }

  void receiveWindow(long delta) throws ProtocolViolationException {
    lock.lock();
    try {
      sendWindow += delta;
      if (sendWindow > (1L << 32)) {
        throw new ProtocolViolationException("stream " + id + ": send window over 4 GiB");
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void remoteFin() {
    boolean release;
    lock.lock();
    try {
      remoteFin = true;
      release = localFin;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (release) {
      session.release(this);
    }
  }

  void remoteReset() {
    fail("stream reset by the remote");
    session.release(this);
  }

  /**
   * The session forgot this stream (both sides half-closed, or it was reset), so no more data can
   * arrive: its unread bytes are given back to the budget, which would otherwise stay charged until
   * the connection closes, however long the stream's holder keeps them. They stay readable (a reset
   * by the remote still lets what came before it be read), no longer counted.
   */
  void released() {
    int give;
    lock.lock();
    try {
      if (uncharged) {
        return;
      }
      uncharged = true;
      give = size;
    } finally {
      lock.unlock();
    }
    session.budget.releaseBytes(give);
  }

  void sessionClosed(String reason) {
    fail("session closed: " + reason);
  }

  private void fail(String reason) {
    lock.lock();
    try {
      if (resetReason == null) {
        resetReason = reason;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- the application's side

  private int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n;
    int update = 0;
    lock.lock();
    try {
      long deadline = readTimeoutNanos == 0 ? 0 : System.nanoTime() + readTimeoutNanos;
      while (size == 0 && !remoteFin && resetReason == null) {
        if (deadline == 0) {
          changed.await();
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new SocketTimeoutException("stream " + id + ": read timed out");
          }
          changed.await(left, TimeUnit.NANOSECONDS);
        }
      }
      if (size == 0) {
        if (resetReason != null && !remoteFin) {
          throw new IOException(resetReason);
        }
        return -1;
      }
      n = Math.min(len, size);
      int first = Math.min(n, buffer.length - head);
      System.arraycopy(buffer, head, b, off, first);
      System.arraycopy(buffer, 0, b, off + first, n - first);
      head = (head + n) % buffer.length;
      size -= n;
      if (!uncharged) {
        session.budget.releaseBytes(n);
      }
      unacknowledged += n;
      // grant credit back once half the window has been consumed (fewer, larger updates)
      if (unacknowledged >= capacity / 2 && !remoteFin && resetReason == null) {
        update = unacknowledged;
        recvWindow += update;
        unacknowledged = 0;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading stream " + id);
    } finally {
      lock.unlock();
    }
    if (update > 0) {
      session.sendFrame(new Frame(Frame.WINDOW_UPDATE, 0, id, update), null, 0, 0);
    }
    return n;
  }

  private void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n;
      lock.lock();
      try {
        while (sendWindow == 0 && resetReason == null && !localFin) {
          changed.await();
        }
        if (resetReason != null) {
          throw new IOException(resetReason);
        }
        if (localFin) {
          throw new IOException("stream " + id + " is closed for writing");
        }
        n = (int) Math.min(Math.min(len, sendWindow), session.config.maxFrame());
        sendWindow -= n;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing stream " + id);
      } finally {
        lock.unlock();
      }
      session.sendFrame(new Frame(Frame.DATA, 0, id, n), b, off, n);
      off += n;
      len -= n;
    }
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = YamuxStream.this.read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      return YamuxStream.this.read(b, off, len);
    }

    @Override
    public int available() {
      lock.lock();
      try {
        return size;
      } finally {
        lock.unlock();
      }
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      YamuxStream.this.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      YamuxStream.this.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      closeWrite();
    }
  }
}
