package io.ap2p.node.store;

import java.util.Objects;

/**
 * The largest values the stores accept. A longer value is refused with an {@link
 * IllegalArgumentException} naming the field, before it reaches the database.
 */
public final class Limits {

  /** Identifiers (capability and task ids, peers, capability names, kinds, states, tags). */
  public static final int MAX_ID_CHARS = 256;

  /** A task's detail text, in UTF-8 bytes. */
  public static final int MAX_DETAIL_BYTES = 4 * 1024;

  /** A JSON document (a capability's configuration, a task's request or result), in UTF-8 bytes. */
  public static final int MAX_JSON_BYTES = 1024 * 1024;

  /** An encoded receipt. */
  public static final int MAX_RECEIPT_BYTES = 64 * 1024;

  /** The most rows one {@code recent} call returns. */
  public static final int MAX_RECENT = 10_000;

  private Limits() {}

  /** {@code value}, which must be non-empty and at most {@link #MAX_ID_CHARS} characters. */
  static String id(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " is empty");
    }
    return optionalId(field, value);
  }

  /** {@code value}, which may be empty and is at most {@link #MAX_ID_CHARS} characters. */
  static String optionalId(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.length() > MAX_ID_CHARS) {
      throw new IllegalArgumentException(
          field + " has " + value.length() + " characters, more than " + MAX_ID_CHARS);
    }
    return value;
  }

  /** {@code value}, at most {@link #MAX_DETAIL_BYTES} in UTF-8. */
  static String detail(String field, String value) {
    return utf8AtMost(field, value, MAX_DETAIL_BYTES);
  }

  /** {@code value}, at most {@link #MAX_JSON_BYTES} in UTF-8; may be empty. */
  static String json(String field, String value) {
    return utf8AtMost(field, value, MAX_JSON_BYTES);
  }

  /** {@code limit}, which must be between 0 and {@link #MAX_RECENT}. */
  static int recent(int limit) {
    if (limit < 0 || limit > MAX_RECENT) {
      throw new IllegalArgumentException("limit " + limit + " is not in [0, " + MAX_RECENT + "]");
    }
    return limit;
  }

  private static String utf8AtMost(String field, String value, int maxBytes) {
    Objects.requireNonNull(value, field);
    if (value.length() > maxBytes || utf8Length(value) > maxBytes) {
      throw new IllegalArgumentException(field + " is longer than " + maxBytes + " bytes of UTF-8");
    }
    return value;
  }

  /** The length of {@code s} in UTF-8, without encoding it. */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
