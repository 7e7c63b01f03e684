package io.ap2p.core.discovery;

import java.util.regex.Pattern;

/**
 * A tag from the dotted capability taxonomy, such as {@code image.generate} or {@code
 * content.publish}: lower-case segments of letters, digits and hyphens, most general first.
 *
 * @param value the dotted tag
 */
public record CapabilityTag(String value) implements Comparable<CapabilityTag> {

  /** Longest tag accepted. */
  public static final int MAX_LENGTH = 64;

  private static final Pattern SYNTAX =
      Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");

  /** Checks the syntax. */
  public CapabilityTag {
    if (value.length() > MAX_LENGTH || !SYNTAX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "capability tag must be dotted lower-case segments ([a-z0-9-]) of at most "
              + MAX_LENGTH
              + " characters, like image.generate: "
              + value);
    }
  }

  /** Whether {@code value} is a well-formed tag. */
  public static boolean isValid(String value) {
    return value.length() <= MAX_LENGTH && SYNTAX.matcher(value).matches();
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
