package io.ap2p.core.wire;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;

/** RFC 3339 UTC timestamps as ap2p objects carry them ({@link Instant#toString()}'s form). */
public final class Timestamps {

  private Timestamps() {}

  /**
   * Parses {@code text} exactly as {@link Instant#parse} does; the form every ap2p writer emits,
   * {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}, is read directly, without the general formatter.
   *
   * @throws DateTimeParseException if {@code text} is not such a time
   */
  public static Instant parse(String text) {
    Instant fast = common(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z} text, or null for anything else. */
  static Instant common(String t) {
    int n = t.length();
    if ((n != 20 && n != 24)
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2); // 60 (a leap second) is left to Instant.parse
    int millis = 0;
    if (n == 24) {
      if (t.charAt(19) != '.') {
        return null;
      }
      millis = digits(t, 20, 3);
    }
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || millis < 0) {
      return null;
    }
    long seconds =
        LocalDate.of(year, month, day).toEpochDay() * 86_400L
            + hour * 3600L
            + minute * 60L
            + second;
    return Instant.ofEpochSecond(seconds, millis * 1_000_000L);
  }

  /** The decimal value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
