package io.ap2p.cli.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads the client's lines from standard input, judges each ({@link Inbound}) and hands the SDK
 * only what it can take, through {@link #stream()}: blank lines are skipped, a line that is not
 * JSON-RPC or is longer than {@link Inbound#MAX_MESSAGE} is answered with a JSON-RPC error on
 * standard output (the SDK's own reader would end the session on either), a cancellation is taken.
 * At most {@value #QUEUE} messages wait for the SDK; then reading waits too.
 */
final class StdioPump implements Runnable {

  static final int QUEUE = 64;

  private static final byte[] EOF = new byte[0];
  private static final int KEEP = 1024;

  private final InputStream in;
  private final OutputStream out;
  private final Inbound inbound;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);

  private final int max;

  /** Reads {@code in}; writes answers to {@code out}, which the SDK writes too (under its lock). */
  StdioPump(InputStream in, OutputStream out, Inbound inbound) {
    this(in, out, inbound, Inbound.MAX_MESSAGE);
  }

  /** The same, with lines of at most {@code max} bytes. */
  StdioPump(InputStream in, OutputStream out, Inbound inbound, int max) {
    this.max = max;
    this.in = in;
    this.out = out;
    this.inbound = inbound;
  }

  private ByteArrayOutputStream line = new ByteArrayOutputStream();
  private byte[] head; // the start of a line over the limit, while the rest is skipped
  private byte[] tail = new byte[0]; // and its last bytes

  @Override
  public void run() {
    try {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) != -1) {
        int from = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            feed(buf, from, i - from);
            endLine();
            from = i + 1;
          }
        }
        feed(buf, from, n - from);
      }
      endLine();
    } catch (IOException e) {
      // standard input closed under us: the session ends as at end of input
    } finally {
      try {
        queue.put(EOF);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void feed(byte[] b, int off, int len) {
    if (head == null) {
      line.write(b, off, len);
      if (line.size() <= max) {
        return;
      }
      byte[] all = line.toByteArray();
      head = Arrays.copyOf(all, Math.min(KEEP, all.length));
      tail = Arrays.copyOfRange(all, Math.max(0, all.length - KEEP), all.length);
      line = new ByteArrayOutputStream();
      return;
    }
    byte[] joined = new byte[tail.length + len];
    System.arraycopy(tail, 0, joined, 0, tail.length);
    System.arraycopy(b, off, joined, tail.length, len);
    tail = Arrays.copyOfRange(joined, Math.max(0, joined.length - KEEP), joined.length);
  }

  private void endLine() throws IOException {
    if (head != null) {
      answer(Inbound.tooLarge(head, tail));
      head = null;
      tail = new byte[0];
    } else if (line.size() > 0) {
      take(line.toByteArray());
    }
    line.reset();
  }

  private void take(byte[] line) throws IOException {
    int end = line.length;
    while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == ' ' || line[end - 1] == '\t')) {
      end--;
    }
    if (end == 0) {
      return;
    }
    byte[] message = end == line.length ? line : Arrays.copyOf(line, end);
    switch (inbound.judge(message, "stdio")) {
      case Inbound.Forward f -> {
        byte[] withNewline = Arrays.copyOf(f.bytes(), f.bytes().length + 1);
        withNewline[f.bytes().length] = '\n';
        try {
          queue.put(withNewline);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
      case Inbound.Taken t -> {}
      case Inbound.Reject r -> answer(r.error());
    }
  }

  private void answer(String error) throws IOException {
    byte[] b = (error + "\n").getBytes(StandardCharsets.UTF_8);
    // the SDK writes each message under the stream's lock: so do we, whole lines never interleave
    synchronized (out) {
      out.write(b);
      out.flush();
    }
  }

  /** What the SDK reads: the messages passed on, one per line, then end of input. */
  InputStream stream() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int at;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (at == current.length) {
          if (ended) {
            return -1;
          }
          try {
            byte[] next = queue.take();
            if (next == EOF) {
              ended = true;
              return -1;
            }
            current = next;
            at = 0;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
        }
        int n = Math.min(len, current.length - at);
        System.arraycopy(current, at, b, off, n);
        at += n;
        return n;
      }
    };
  }
}
