package io.ap2p.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EngineTest {

  @Test
  void eventsFireInTimeOrderAndTiesInSchedulingOrder() {
    Engine e = new Engine(1_000, 100);
    List<String> fired = new ArrayList<>();
    e.after(30, () -> fired.add("c"));
    e.after(10, () -> fired.add("a1"));
    e.after(10, () -> fired.add("a2"));
    e.after(20, () -> fired.add("b"));
    e.after(10, () -> fired.add("a3"));
    e.runUntil(Long.MAX_VALUE);
    assertThat(fired).containsExactly("a1", "a2", "a3", "b", "c");
    assertThat(e.processed()).isEqualTo(5);
    assertThat(e.nowMicros()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void theClockIsTheEpochPlusVirtualTimeAndEventsCanScheduleMore() {
    Engine e = new Engine(5_000, 100);
    List<Long> seen = new ArrayList<>();
    e.after(
        2_500,
        () -> {
          seen.add(e.millis());
          e.after(1_000_000, () -> seen.add(e.millis()));
          e.atEpochMillis(0, () -> seen.add(-e.nowMicros())); // in the past: runs now
        });
    e.runUntil(10_000_000);
    assertThat(seen).containsExactly(5_002L, -2_500L, 6_002L);
  }

  @Test
  void runUntilStopsBeforeLaterEventsAndResumes() {
    Engine e = new Engine(0, 100);
    List<Integer> fired = new ArrayList<>();
    e.after(100, () -> fired.add(1));
    e.after(300, () -> fired.add(2));
    e.runUntil(200);
    assertThat(fired).containsExactly(1);
    assertThat(e.nowMicros()).isEqualTo(200);
    assertThat(e.pending()).isEqualTo(1);
    e.runUntil(300);
    assertThat(fired).containsExactly(1, 2);
  }

  @Test
  void negativeDelaysAreClampedAndTheCapIsEnforced() {
    Engine e = new Engine(0, 3);
    e.after(-5, () -> {});
    e.after(1, () -> {});
    e.after(2, () -> {});
    assertThatThrownBy(() -> e.after(3, () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event queue full");
  }

  @Test
  void manyRandomEventsComeOutSortedAndTheTraceIsReproducible() {
    long[] traces = new long[2];
    for (int run = 0; run < 2; run++) {
      Engine e = new Engine(0, 1_000_000);
      SplittableRandom r = new SplittableRandom(42);
      long[] last = {-1};
      boolean[] ordered = {true};
      for (int i = 0; i < 100_000; i++) {
        e.after(
            r.nextLong(1_000_000),
            () -> {
              ordered[0] &= e.nowMicros() >= last[0];
              last[0] = e.nowMicros();
            });
      }
      e.runUntil(Long.MAX_VALUE);
      assertThat(ordered[0]).isTrue();
      assertThat(e.processed()).isEqualTo(100_000);
      traces[run] = e.traceHash();
    }
    assertThat(traces[0]).isEqualTo(traces[1]);
  }
}
