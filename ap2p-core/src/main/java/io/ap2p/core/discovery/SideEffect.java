package io.ap2p.core.discovery;

import java.util.Locale;

/** What running a capability does to the world beyond its result. */
public enum SideEffect {
  /** Pure: nothing changes. */
  NONE,
  /** Changes something that can be undone. */
  REVERSIBLE,
  /** Changes something for good (publishing, paying, sending). */
  IRREVERSIBLE;

  /** The JSON name ({@code none}, {@code reversible}, {@code irreversible}). */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant for a JSON name, or null. */
  static SideEffect fromJson(String name) {
    for (SideEffect s : values()) {
      if (s.jsonName().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
