package io.ap2p.node.execution.handler;

import io.ap2p.core.time.Clock;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;

/** Invocations for tests, on the system clock. */
final class Invocations {

  static final Clock CLOCK = SystemClock.INSTANCE;

  private Invocations() {}

  static Invocation of(Bytes input, String mediaType, long timeoutMillis, long maxOutputBytes) {
    return new Invocation(
        "task-1",
        "12D3KooWTestRequester",
        input,
        mediaType,
        CLOCK.millis() + timeoutMillis,
        maxOutputBytes,
        CLOCK);
  }

  static Invocation text(String input) {
    return of(utf8(input), "text/plain", 10_000, 1 << 20);
  }

  static Bytes utf8(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
