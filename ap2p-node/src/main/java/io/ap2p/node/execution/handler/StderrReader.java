package io.ap2p.node.execution.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a command's stderr line by line: lines {@code progress <fraction> [message]} are reported
 * as progress, the others kept up to a byte limit for the failure message. Lines are cut at {@value
 * #MAX_LINE} bytes; the stream is always read to its end so the command never blocks on a full
 * pipe.
 */
final class StderrReader implements Runnable {

  static final int MAX_LINE = 1024;

  private static final Pattern PROGRESS =
      Pattern.compile("progress[ \\t]+([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)(?:[ \\t]+(.*))?");

  private final InputStream in;
  private final Progress progress;
  private final int captureLimit;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  StderrReader(InputStream in, Progress progress, int captureLimit) {
    this.in = in;
    this.progress = progress;
    this.captureLimit = captureLimit;
  }

  @Override
  public void run() {
    byte[] buf = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            endLine();
          } else if (line.size() < MAX_LINE) {
            line.write(buf[i]);
          }
        }
      }
    } catch (IOException e) {
      // closed under us: keep what arrived
    }
    if (line.size() > 0) {
      endLine();
    }
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    Matcher m = PROGRESS.matcher(text.strip());
    if (m.matches()) {
      double fraction = Double.parseDouble(m.group(1));
      if (fraction >= 0 && fraction <= 1) {
        String message = m.group(2) == null ? "" : m.group(2).strip();
        try {
          progress.report(fraction, message);
        } catch (RuntimeException e) {
          // a failing listener must not stop the draining of stderr
        }
        return;
      }
    }
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (captured) {
      int room = captureLimit - captured.size();
      if (room > 0) {
        captured.write(bytes, 0, Math.min(room, bytes.length));
      }
    }
  }

  /** The captured stderr (non-progress lines), at most the capture limit, as text. */
  String captured() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }
}
