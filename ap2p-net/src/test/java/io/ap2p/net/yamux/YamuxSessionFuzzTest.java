package io.ap2p.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.net.transport.DuplexChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A yamux session fed whatever a remote sends: it serves the streams the frames open, and when the
 * bytes end it closes with a reason within a bound, never with an internal error (an exception it
 * did not expect) and never writing without bound.
 */
class YamuxSessionFuzzTest {

  private static final YamuxConfig CONFIG =
      new YamuxConfig(
          16, 16, YamuxConfig.INITIAL_WINDOW, 4096, Duration.ZERO, Duration.ofSeconds(1));

  @FuzzTest(maxDuration = "8s")
  void sessionClosesWithAReason(byte[] input) throws InterruptedException {
    AtomicLong written = new AtomicLong();
    ByteArrayInputStream in = new ByteArrayInputStream(input);
    DuplexChannel channel =
        new DuplexChannel() {
          @Override
          public int read(byte[] buf, int off, int len) {
            return in.read(buf, off, len);
          }

          @Override
          public void write(byte[] buf, int off, int len) {
            written.addAndGet(len);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    YamuxSession session =
        new YamuxSession(
            channel,
            false,
            CONFIG,
            stream -> {
              try (stream) {
                stream.inputStream().readNBytes(64 * 1024); // a handler that reads, then closes
              } catch (IOException e) {
                // reset or closed under it
              }
            });
    assertThat(session.awaitClosedWithin(Duration.ofSeconds(5))).as("closed").isTrue();
    assertThat(session.closeReason()).doesNotStartWith("internal error");
    // frames answer frames: what it writes is bounded by what it read, plus its go-away
    assertThat(written.get()).isLessThanOrEqualTo(input.length * 2L + 4 * Frame.HEADER);
  }
}
