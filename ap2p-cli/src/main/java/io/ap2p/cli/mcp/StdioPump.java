package io.ap2p.cli.mcp;

import java.io.BufferedInputStream;
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

  /** Reads {@code in}; writes answers to {@code out}, which the SDK writes too (under its lock). */
  StdioPump(InputStream in, OutputStream out, Inbound inbound) {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.out = out;
    this.inbound = inbound;
  }

  @Override
  public void run() {
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] head = null;
      byte[] tail = new byte[KEEP];
      long tailCount = 0;
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          if (head != null) {
            answer(Inbound.tooLarge(head, last(tail, tailCount)));
            head = null;
            tailCount = 0;
          } else {
            take(line.toByteArray());
          }
          line.reset();
          continue;
        }
        if (head != null) {
          tail[(int) (tailCount++ % KEEP)] = (byte) c;
          continue;
        }
        line.write(c);
        if (line.size() > Inbound.MAX_MESSAGE) {
          head = Arrays.copyOf(line.toByteArray(), KEEP);
          line.reset();
          line = new ByteArrayOutputStream();
        }
      }
      if (line.size() > 0) {
        take(line.toByteArray());
      }
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

  private static byte[] last(byte[] ring, long count) {
    int n = (int) Math.min(count, ring.length);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = ring[(int) ((count - n + i) % ring.length)];
    }
    return out;
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
