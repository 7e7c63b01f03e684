package io.ap2p.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct reading of common timestamps gives Instant.parse's answers. */
class TimestampsTest {

  @Property(tries = 3000)
  void readsWhatInstantWritesAsInstantParses(
      @ForAll @LongRange(min = -62_167_219_200_000L, max = 253_402_300_799_999L) long millis,
      @ForAll boolean whole) {
    Instant t = Instant.ofEpochMilli(whole ? millis / 1000 * 1000 : millis);
    String text = t.toString();
    assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(text)).isEqualTo(t);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-12-01T00:60:00Z",
        "2026-12-01T00:00:00",
        "2026-12-01 00:00:00Z",
        "+2026-12-01T00:00:00Z",
        "2026-1a-01T00:00:00Z",
        "",
      })
  void refusesWhatInstantParseRefuses(String text) {
    assertThat(Timestamps.common(text)).isNull();
    assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-29T23:59:60Z",
        "2026-12-01T00:00:00.123456Z",
        "2026-12-01T01:00:00+01:00"
      })
  void leavesRarerFormsToInstantParse(String text) {
    assertThat(Timestamps.common(text)).isNull();
    assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(text));
  }
}
