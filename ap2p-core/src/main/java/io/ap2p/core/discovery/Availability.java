package io.ap2p.core.discovery;

import java.util.Locale;

/** Whether a provider currently takes work. */
public enum Availability {
  /** Taking work normally. */
  AVAILABLE,
  /** Taking work, slower or less reliably than claimed. */
  DEGRADED,
  /** Not taking work. */
  UNAVAILABLE;

  /** The JSON name. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant for a JSON name, or null. */
  static Availability fromJson(String name) {
    for (Availability a : values()) {
      if (a.jsonName().equals(name)) {
        return a;
      }
    }
    return null;
  }
}
