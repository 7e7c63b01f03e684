package io.ap2p.core.trust;

import io.ap2p.core.discovery.SideEffect;

/** How much harm a wrong result of a step can do; the tier policy verifies by it. */
public enum RiskClass {
  /** Harmless if wrong (a draft, a preview). */
  LOW,
  /** Costly but recoverable (a reversible side effect). */
  MEDIUM,
  /** Cannot be undone (publishing, paying). */
  HIGH;

  /** The risk implied by a side-effect class. */
  public static RiskClass of(SideEffect effect) {
    return switch (effect) {
      case NONE -> LOW;
      case REVERSIBLE -> MEDIUM;
      case IRREVERSIBLE -> HIGH;
    };
  }
}
