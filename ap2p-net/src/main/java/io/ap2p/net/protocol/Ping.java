package io.ap2p.net.protocol;

import io.ap2p.net.host.Stream;
import io.ap2p.net.host.StreamHandler;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * ping ({@code /ipfs/ping/1.0.0}, libp2p/specs ping/ping.md): the dialler sends 32 random bytes,
 * the listener echoes them; repeated on the same stream.
 */
public final class Ping {

  /** The stream protocol id. */
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";

  /** The size of a ping. */
  public static final int SIZE = 32;

  /** How long the listener waits for the next ping before it closes the stream. */
  static final Duration IDLE = Duration.ofSeconds(60);

  private Ping() {}

  /** The handler that echoes pings until the remote closes or goes quiet. */
  public static StreamHandler handler() {
    return s -> {
      s.setReadTimeout(IDLE);
      byte[] b = new byte[SIZE];
      while (true) {
        int n = s.in().readNBytes(b, 0, SIZE);
        if (n < SIZE) {
          s.close(); // clean end (a partial ping at EOF is dropped)
          return;
        }
        s.out().write(b);
      }
    };
  }

  /**
   * Sends one ping on {@code s} and waits for the echo.
   *
   * @return the round-trip time
   * @throws ProtocolViolationException if the echo differs
   */
  public static Duration once(Stream s, RandomGenerator random, Duration timeout)
      throws IOException {
    byte[] b = new byte[SIZE];
    random.nextBytes(b);
    s.setReadTimeout(timeout);
    long t0 = System.nanoTime();
    s.out().write(b);
    byte[] back = s.in().readNBytes(SIZE);
    long t1 = System.nanoTime();
    if (back.length < SIZE) {
      throw new EOFException("remote closed the ping stream");
    }
    if (!Arrays.equals(b, back)) {
      throw new ProtocolViolationException("ping answered with different bytes");
    }
    return Duration.ofNanos(t1 - t0);
  }
}
