package io.ap2p.net.yamux;

import java.time.Duration;

/**
 * Limits and timers of a yamux session.
 *
 * @param maxStreams most streams open at once (inbound and outbound counted apart); an inbound
 *     stream beyond it is reset
 * @param maxRefusedStreams how many over-limit openings a peer may attempt before the session is
 *     torn down as a flood
 * @param windowSize the receive window per stream (spec: at least 256 KiB); the most bytes buffered
 *     per stream
 * @param maxFrame the largest data frame payload sent
 * @param keepAlive interval between keep-alive pings, or zero for none
 * @param keepAliveTimeout how long a ping may stay unanswered before the session is closed
 */
public record YamuxConfig(
    int maxStreams,
    int maxRefusedStreams,
    int windowSize,
    int maxFrame,
    Duration keepAlive,
    Duration keepAliveTimeout) {

  /** The spec's initial window, 256 KiB. */
  public static final int INITIAL_WINDOW = 256 * 1024;

  /** Defaults: 256 streams, 256 KiB windows, 64 KiB frames, a ping every 30 s. */
  public static final YamuxConfig DEFAULTS =
      new YamuxConfig(
          256, 256, INITIAL_WINDOW, 65_507, Duration.ofSeconds(30), Duration.ofSeconds(20));

  /** Validates the limits. */
  public YamuxConfig {
    if (maxStreams < 1 || maxRefusedStreams < 0) {
      throw new IllegalArgumentException("stream limits must be positive");
    }
    if (windowSize < INITIAL_WINDOW || windowSize > 64 * 1024 * 1024) {
      throw new IllegalArgumentException("window size must be 256 KiB … 64 MiB, got " + windowSize);
    }
    if (maxFrame < 1024 || maxFrame > 1 << 24) {
      throw new IllegalArgumentException("max frame must be 1 KiB … 16 MiB, got " + maxFrame);
    }
    if (keepAlive.isNegative() || keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
      throw new IllegalArgumentException("keep-alive durations must be positive");
    }
  }

  /** This configuration with another stream limit. */
  public YamuxConfig withMaxStreams(int n) {
    return new YamuxConfig(n, maxRefusedStreams, windowSize, maxFrame, keepAlive, keepAliveTimeout);
  }

  /** This configuration with other keep-alive timers. */
  public YamuxConfig withKeepAlive(Duration interval, Duration timeout) {
    return new YamuxConfig(maxStreams, maxRefusedStreams, windowSize, maxFrame, interval, timeout);
  }
}
