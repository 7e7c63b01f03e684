package io.ap2p.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  record Ev(long time, long seq) implements Comparable<Ev> {
    @Override
    public int compareTo(Ev o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  /** Adds and polls interleaved, near and far (beyond the calendar), with many exact ties. */
  @Test
  void ordersExactlyLikeAReferenceHeapUnderRandomLoad() {
    SplittableRandom r = new SplittableRandom(11);
    EventQueue q = new EventQueue(10_000_000);
    PriorityQueue<Ev> ref = new PriorityQueue<>();
    List<Long> got = new ArrayList<>();
    List<Long> want = new ArrayList<>();
    long now = 0;
    long seq = 0;
    for (int round = 0; round < 200_000; round++) {
      int adds = r.nextInt(3);
      for (int k = 0; k < adds; k++) {
        long delay =
            switch (r.nextInt(5)) {
              case 0 -> 0; // same instant: FIFO among ties
              case 1 -> r.nextLong(1_000); // same bucket
              case 2 -> r.nextLong(5_000_000); // within the window
              case 3 -> 4_000_000 + r.nextLong(100_000_000); // overflow
              default -> (r.nextLong(50)) * 1_000; // coarse ties
            };
        long t = now + delay;
        long id = seq++;
        q.add(t, () -> got.add(id));
        ref.add(new Ev(t, id));
      }
      if (q.size() > 0 && r.nextInt(3) > 0) {
        long peek = q.peekTime();
        Ev e = ref.poll();
        assertThat(peek).isEqualTo(e.time());
        q.poll().run();
        want.add(e.seq());
        now = e.time();
      }
    }
    while (q.size() > 0) {
      Ev e = ref.poll();
      assertThat(q.peekTime()).isEqualTo(e.time());
      q.poll().run();
      want.add(e.seq());
    }
    assertThat(got).isEqualTo(want);
  }

  /** Crowded buckets (counting sort), ties, and events added to the bucket being drained. */
  @Test
  void crowdedBucketsWithTiesAndLateArrivalsKeepTheOrder() {
    SplittableRandom r = new SplittableRandom(5);
    EventQueue q = new EventQueue(1_000_000);
    PriorityQueue<Ev> ref = new PriorityQueue<>();
    List<Long> got = new ArrayList<>();
    List<Long> want = new ArrayList<>();
    long[] seq = {0};
    java.util.function.LongConsumer add =
        t -> {
          long id = seq[0]++;
          q.add(t, () -> got.add(id));
          ref.add(new Ev(t, id));
        };
    long far = (long) EventQueue.BUCKETS * EventQueue.WIDTH * 3; // beyond the window: overflow
    for (int i = 0; i < 20_000; i++) {
      // a few buckets, few distinct offsets: thousands of events each, many exact ties; half of
      // them wait in the overflow and meet later direct adds at the same offsets
      long base = i % 2 == 0 ? 3 * EventQueue.WIDTH : far;
      add.accept(base + r.nextInt(8) * 100 + (r.nextBoolean() ? 0 : EventQueue.WIDTH));
    }
    while (q.size() > 0) {
      Ev e = ref.poll();
      assertThat(q.peekTime()).isEqualTo(e.time());
      q.poll().run();
      want.add(e.seq());
      if (r.nextInt(4) == 0) {
        add.accept(e.time() + r.nextInt(3) * r.nextLong(300)); // often into the current bucket
      }
      if (r.nextInt(8) == 0
          && e.time() <= far
          && e.time() + EventQueue.BUCKETS * EventQueue.WIDTH > far) {
        add.accept(far + r.nextInt(8) * 100); // direct adds tying with the overflow's
      }
    }
    assertThat(got).isEqualTo(want).hasSizeGreaterThan(24_000);
  }

  @Test
  void refusesThePastAndBeyondItsCapacity() {
    EventQueue q = new EventQueue(2);
    q.add(5_000_000, () -> {});
    q.poll();
    assertThatThrownBy(() -> q.add(0, () -> {})).isInstanceOf(IllegalArgumentException.class);
    EventQueue full = new EventQueue(1);
    full.add(1, () -> {});
    assertThatThrownBy(() -> full.add(2, () -> {})).hasMessageContaining("event queue full");
  }
}
