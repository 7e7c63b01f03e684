package io.ap2p.sim.engine;

import java.util.Arrays;

/**
 * A 4-ary min-heap of events keyed by (time, sequence number): the far-future overflow of the
 * {@link EventQueue}'s calendar.
 */
final class HeapQueue {

  private long[] times = new long[1024];
  private long[] seqs = new long[1024];
  private Runnable[] events = new Runnable[1024];
  private int size;

  int size() {
    return size;
  }

  long peekTime() {
    return times[0];
  }

  long peekSeq() {
    return seqs[0];
  }

  void add(long time, long seq, Runnable event) {
    if (size == times.length) {
      int n = (int) Math.min((long) size * 2, Integer.MAX_VALUE - 8);
      times = Arrays.copyOf(times, n);
      seqs = Arrays.copyOf(seqs, n);
      events = Arrays.copyOf(events, n);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      if (!less(time, seq, times[parent], seqs[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, time, seq, event);
  }

  /** Removes and returns the earliest event; its time is {@link #peekTime()} before the call. */
  Runnable poll() {
    Runnable top = events[0];
    int last = --size;
    long t = times[last];
    long s = seqs[last];
    Runnable e = events[last];
    events[last] = null;
    if (last > 0) {
      int i = 0;
      while (true) {
        int first = 4 * i + 1;
        if (first >= last) {
          break;
        }
        int best = first;
        int end = Math.min(first + 4, last);
        for (int c = first + 1; c < end; c++) {
          if (less(times[c], seqs[c], times[best], seqs[best])) {
            best = c;
          }
        }
        if (!less(times[best], seqs[best], t, s)) {
          break;
        }
        move(best, i);
        i = best;
      }
      set(i, t, s, e);
    }
    return top;
  }

  private static boolean less(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    seqs[to] = seqs[from];
    events[to] = events[from];
  }

  private void set(int i, long t, long s, Runnable e) {
    times[i] = t;
    seqs[i] = s;
    events[i] = e;
  }
}
