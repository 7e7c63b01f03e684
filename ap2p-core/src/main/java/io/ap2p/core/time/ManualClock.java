package io.ap2p.core.time;

/** A clock that moves only when told to: virtual time for the simulator and for tests. */
public final class ManualClock implements Clock {

  private long millis;

  /** A clock reading {@code startMillis}. */
  public ManualClock(long startMillis) {
    this.millis = startMillis;
  }

  @Override
  public long millis() {
    return millis;
  }

  /** Moves the clock forward by {@code deltaMillis} (never backward). */
  public void advance(long deltaMillis) {
    if (deltaMillis < 0) {
      throw new IllegalArgumentException("time never goes backward: " + deltaMillis);
    }
    millis = Math.addExact(millis, deltaMillis);
  }

  /** Sets the clock to {@code newMillis}, which must not be earlier than now. */
  public void set(long newMillis) {
    advance(newMillis - millis);
  }

  @Override
  public String toString() {
    return "ManualClock[" + millis + "]";
  }
}
