package io.ap2p.core.time;

import java.time.Instant;

/** A source of the current time, injected into everything that needs to know it. */
public interface Clock {

  /** Milliseconds since the Unix epoch. */
  long millis();

  /** The current time as an instant (millisecond precision). */
  default Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
