package io.ap2p.node.persona;

import io.ap2p.core.identity.PeerId;
import java.util.Set;

/**
 * How a persona plays its part, for tests and demos: when a whitewasher rejoins and who a colluder
 * vouches for.
 *
 * @param whitewashAfter tasks a whitewasher answers under one identity before it rejoins under a
 *     fresh key (1 to {@value #MAX_WHITEWASH_AFTER})
 * @param colluders peers a colluder vouches for in feedback (at most {@value #MAX_COLLUDERS})
 */
public record PersonaOptions(int whitewashAfter, Set<PeerId> colluders) {

  /** The most tasks a whitewasher may be told to answer before rejoining. */
  public static final int MAX_WHITEWASH_AFTER = 1_000_000;

  /** The most fellow colluders a colluder may be given. */
  public static final int MAX_COLLUDERS = 10_000;

  /** Rejoin after 5 tasks, no fellow colluders. */
  public static final PersonaOptions DEFAULTS = new PersonaOptions(5, Set.of());

  /** Checks the bounds and copies the set. */
  public PersonaOptions {
    if (whitewashAfter < 1 || whitewashAfter > MAX_WHITEWASH_AFTER) {
      throw new IllegalArgumentException(
          "whitewashAfter must be 1 to " + MAX_WHITEWASH_AFTER + ": " + whitewashAfter);
    }
    colluders = Set.copyOf(colluders);
    if (colluders.size() > MAX_COLLUDERS) {
      throw new IllegalArgumentException(
          "at most " + MAX_COLLUDERS + " colluders: " + colluders.size());
    }
  }
}
