package io.ap2p.sim.incentives;

import java.util.Locale;

/** How a simulated peer behaves in the incentives scenario. */
public enum PeerClass {
  /** Serves every request it takes and requests like everyone else. */
  CONTRIBUTOR,
  /** Requests like everyone else and never serves (advertises nothing). */
  FREE_RIDER,
  /** Serves a request only when it is observed (with the scenario's probability), else drops it. */
  STRATEGIC,
  /** A contributor that joins half-way through, with no history anywhere. */
  NEWCOMER;

  /** The label in reports ({@code free-rider}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether peers of this class advertise and take requests. */
  boolean serves() {
    return this != FREE_RIDER;
  }
}
