package io.ap2p.node.persona;

import java.util.Locale;

/**
 * An adversary behaviour a node can be told to play, for tests and demos: never the default. Each
 * mirrors one of the simulator's adversaries.
 */
public enum Persona {
  /** Announces attractive claims and answers wrongly, with receipts it signs itself. */
  SYBIL,
  /** Announces attractive claims, accepts tasks and never answers. */
  SILENT,
  /** Tries to tell canaries from real tasks by what it receives; honest on the ones it suspects. */
  CANARY_EVADER,
  /** Answers wrongly, then rejoins under a fresh key once its record is bad. */
  WHITEWASHER,
  /** Answers wrongly and vouches for its fellow colluders in feedback. */
  COLLUDER;

  /** The name used on the command line ({@code canary-evader}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The persona labelled {@code label}. */
  public static Persona parse(String label) {
    for (Persona p : values()) {
      if (p.label().equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown persona '" + label + "' (sybil, silent, canary-evader, whitewasher, colluder)");
  }
}
