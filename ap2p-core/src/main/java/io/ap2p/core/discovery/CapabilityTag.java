package io.ap2p.core.discovery;

/**
 * A tag from the dotted capability taxonomy, such as {@code image.generate} or {@code
 * content.publish}: lower-case segments of letters, digits and hyphens, most general first.
 *
 * @param value the dotted tag
 */
public record CapabilityTag(String value) implements Comparable<CapabilityTag> {

  /** Longest tag accepted. */
  public static final int MAX_LENGTH = 64;

  /** Checks the syntax. */
  public CapabilityTag {
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          "capability tag must be dotted lower-case segments ([a-z0-9-]) of at most "
              + MAX_LENGTH
              + " characters, like image.generate: "
              + value);
    }
  }

  /**
   * Whether {@code value} is a well-formed tag: {@code [a-z0-9][a-z0-9-]*} segments joined by dots,
   * at most {@value #MAX_LENGTH} characters.
   */
  public static boolean isValid(String value) {
    int n = value.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    boolean segmentStart = true;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (segmentStart) {
        if (!alnum) {
          return false;
        }
        segmentStart = false;
      } else if (c == '.') {
        segmentStart = true;
      } else if (!alnum && c != '-') {
        return false;
      }
    }
    return !segmentStart;
  }

  /** The parent tag ({@code image} for {@code image.generate}), or null at the root. */
  public CapabilityTag parent() {
    int dot = value.lastIndexOf('.');
    return dot < 0 ? null : new CapabilityTag(value.substring(0, dot));
  }

  /** Whether this tag equals {@code other} or lies below it in the taxonomy. */
  public boolean isWithin(CapabilityTag other) {
    return value.equals(other.value) || value.startsWith(other.value + ".");
  }

  @Override
  public int compareTo(CapabilityTag o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
