package io.ap2p.core.time;

/** The wall clock: the only place in ap2p-core allowed to read it. */
public final class SystemClock implements Clock {

  /** The shared instance. */
  public static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public String toString() {
    return "SystemClock";
  }
}
