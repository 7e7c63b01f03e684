package io.ap2p.core.discovery;

/**
 * The provider's current state, as of the descriptor's issue time.
 *
 * @param availability whether it takes work
 * @param load utilisation from 0 (idle) to 1 (saturated)
 * @param queueLength tasks waiting
 * @param version tool or model version
 */
public record CapabilityState(
    Availability availability, double load, int queueLength, String version) {

  /** Available, idle, empty queue, unspecified version. */
  public static final CapabilityState IDLE = new CapabilityState(Availability.AVAILABLE, 0, 0, "");

  /** Checks ranges. */
  public CapabilityState {
    if (!(load >= 0 && load <= 1)) {
      throw new IllegalArgumentException("load must be between 0 and 1");
    }
    if (queueLength < 0) {
      throw new IllegalArgumentException("queueLength must be >= 0");
    }
  }
}
