package io.ap2p.sim.scenario;

/** A scenario file or override that cannot be used; the message names the key at fault. */
public final class ScenarioException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public ScenarioException(String message) {
    super(message);
  }
}
