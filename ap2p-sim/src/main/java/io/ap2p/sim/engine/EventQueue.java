package io.ap2p.sim.engine;

import java.util.Arrays;

/**
 * The engine's queue of events, ordered by (time, insertion sequence) so events at the same virtual
 * time fire in the order they were scheduled: the tie-break that makes runs reproducible.
 *
 * <p>A calendar queue: the next {@value #BUCKETS} buckets of {@value #WIDTH} µs each hold events in
 * unsorted arrays (O(1) to add); events beyond the calendar's window wait in a 4-ary heap and move
 * into buckets as the window advances. Within a bucket an event's key packs its offset in the
 * bucket (10 bits) above its sequence number (53 bits), so one {@code long} comparison orders by
 * time, then sequence. A bucket's events arrive in sequence order (the overflow hands its events
 * over before the bucket can receive any other), so when the window reaches a bucket a stable
 * counting sort on the offset orders it completely, and draining it is reading an array. Events
 * scheduled into the bucket being drained go to a small binary heap beside it.
 */
final class EventQueue {

  /** Width of a bucket in µs (a power of two). */
  static final int WIDTH = 1 << 10;

  /** Buckets in the calendar (a power of two): a window of about 4.2 s. */
  static final int BUCKETS = 1 << 12;

  private static final int SHIFT = 10;
  private static final long SEQ_MASK = (1L << 53) - 1;

  /** Buckets this small are sorted by insertion instead of counting. */
  private static final int SMALL = 32;

  private static final class Bucket {
    long[] keys = new long[16];
    Runnable[] events = new Runnable[16];
    int size;

    void append(long key, Runnable e) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        events = Arrays.copyOf(events, size * 2);
      }
      keys[size] = key;
      events[size] = e;
      size++;
    }
  }

  private final Bucket[] buckets = new Bucket[BUCKETS];
  private final HeapQueue overflow = new HeapQueue();
  private final int capacity;
  private long curAbs; // absolute bucket number being drained; its bucket is sorted from head on
  private int head; // next unread index of the current bucket
  private final Bucket late = new Bucket(); // binary heap: events added to the current bucket
  private final int[] counts = new int[WIDTH + 1];
  private long[] scratchKeys = new long[16];
  private Runnable[] scratchEvents = new Runnable[16];
  private int inBuckets;
  private int size;
  private long nextSeq;

  /** A queue that refuses to hold more than {@code capacity} events. */
  EventQueue(int capacity) {
    this.capacity = capacity;
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = new Bucket();
    }
  }

  int size() {
    return size;
  }

  /** Schedules {@code event} at {@code time} µs; {@code time} must not be before the last poll. */
  void add(long time, Runnable event) {
    if (size == capacity) {
      throw new IllegalStateException(
          "event queue full ("
              + capacity
              + " events): the scenario schedules more than the engine's cap; raise maxEvents");
    }
    long abs = time >>> SHIFT;
    if (abs < curAbs || time < 0) {
      throw new IllegalArgumentException("event scheduled before the current time");
    }
    long seq = nextSeq++;
    size++;
    if (abs >= curAbs + BUCKETS) {
      overflow.add(time, seq, event);
      return;
    }
    inBuckets++;
    long key = ((time & (WIDTH - 1)) << 53) | (seq & SEQ_MASK);
    if (abs == curAbs) {
      push(late, key, event);
    } else {
      buckets[(int) (abs & (BUCKETS - 1))].append(key, event);
    }
  }

  /** Time of the earliest event (the queue must not be empty). */
  long peekTime() {
    Bucket cur = buckets[(int) (curAbs & (BUCKETS - 1))];
    if (head < cur.size || late.size > 0) {
      long k = head < cur.size ? cur.keys[head] : Long.MAX_VALUE;
      if (late.size > 0 && late.keys[0] < k) {
        k = late.keys[0];
      }
      return (curAbs << SHIFT) | (k >>> 53);
    }
    // look ahead without moving the window: the first non-empty bucket, or the overflow
    if (inBuckets > 0) {
      for (long a = curAbs + 1; a < curAbs + BUCKETS; a++) {
        Bucket b = buckets[(int) (a & (BUCKETS - 1))];
        if (b.size > 0) {
          long min = Long.MAX_VALUE;
          for (int i = 0; i < b.size; i++) {
            min = Math.min(min, b.keys[i]);
          }
          return (a << SHIFT) | (min >>> 53);
        }
      }
    }
    return overflow.peekTime();
  }

  /** Removes and returns the earliest event; its time is {@link #peekTime()} before the call. */
  Runnable poll() {
    Bucket cur = buckets[(int) (curAbs & (BUCKETS - 1))];
    if (head == cur.size && late.size == 0) {
      cur = advance();
    }
    size--;
    inBuckets--;
    if (head < cur.size && (late.size == 0 || cur.keys[head] < late.keys[0])) {
      Runnable e = cur.events[head];
      cur.events[head] = null;
      if (++head == cur.size) {
        cur.size = 0;
        head = 0;
      }
      return e;
    }
    return pop(late);
  }

  /** Moves the window to the next non-empty bucket and sorts that bucket. */
  private Bucket advance() {
    Bucket old = buckets[(int) (curAbs & (BUCKETS - 1))];
    old.size = 0;
    head = 0;
    if (inBuckets == 0) {
      curAbs = overflow.peekTime() >>> SHIFT; // jump over the empty stretch
    } else {
      do {
        curAbs++;
      } while (buckets[(int) (curAbs & (BUCKETS - 1))].size == 0);
    }
    // everything that now falls inside the window leaves the overflow
    while (overflow.size() > 0 && (overflow.peekTime() >>> SHIFT) < curAbs + BUCKETS) {
      long t = overflow.peekTime();
      long seq = overflow.peekSeq();
      Runnable e = overflow.poll();
      buckets[(int) ((t >>> SHIFT) & (BUCKETS - 1))].append(
          ((t & (WIDTH - 1)) << 53) | (seq & SEQ_MASK), e);
      inBuckets++;
    }
    Bucket cur = buckets[(int) (curAbs & (BUCKETS - 1))];
    sort(cur);
    return cur;
  }

  /** Sorts a bucket whose events are in sequence order by offset, keeping that order in ties. */
  private void sort(Bucket b) {
    int n = b.size;
    if (n <= SMALL) {
      for (int i = 1; i < n; i++) {
        long k = b.keys[i];
        Runnable e = b.events[i];
        int j = i - 1;
        while (j >= 0 && b.keys[j] > k) {
          b.keys[j + 1] = b.keys[j];
          b.events[j + 1] = b.events[j];
          j--;
        }
        b.keys[j + 1] = k;
        b.events[j + 1] = e;
      }
      return;
    }
    int[] c = counts;
    Arrays.fill(c, 0);
    long[] keys = b.keys;
    for (int i = 0; i < n; i++) {
      c[(int) (keys[i] >>> 53) + 1]++;
    }
    for (int i = 1; i <= WIDTH; i++) {
      c[i] += c[i - 1];
    }
    if (scratchKeys.length < keys.length) {
      scratchKeys = new long[keys.length];
      scratchEvents = new Runnable[keys.length];
    }
    long[] outKeys = scratchKeys;
    Runnable[] outEvents = scratchEvents;
    Runnable[] events = b.events;
    for (int i = 0; i < n; i++) {
      int at = c[(int) (keys[i] >>> 53)]++;
      outKeys[at] = keys[i];
      outEvents[at] = events[i];
    }
    // copied back rather than swapped, so every bucket keeps arrays sized for its own load and
    // only the scratch grows to the largest bucket seen
    System.arraycopy(outKeys, 0, keys, 0, n);
    System.arraycopy(outEvents, 0, events, 0, n);
    Arrays.fill(outEvents, 0, n, null);
  }

  private static void push(Bucket b, long key, Runnable e) {
    if (b.size == b.keys.length) {
      b.keys = Arrays.copyOf(b.keys, b.size * 2);
      b.events = Arrays.copyOf(b.events, b.size * 2);
    }
    int i = b.size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (b.keys[parent] <= key) {
        break;
      }
      b.keys[i] = b.keys[parent];
      b.events[i] = b.events[parent];
      i = parent;
    }
    b.keys[i] = key;
    b.events[i] = e;
  }

  private static Runnable pop(Bucket b) {
    Runnable top = b.events[0];
    int last = --b.size;
    long key = b.keys[last];
    Runnable e = b.events[last];
    b.events[last] = null;
    if (last > 0) {
      siftDown(b, 0, key, e);
    }
    return top;
  }

  private static void siftDown(Bucket b, int i, long key, Runnable e) {
    int n = b.size;
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && b.keys[child + 1] < b.keys[child]) {
        child++;
      }
      if (b.keys[child] >= key) {
        break;
      }
      b.keys[i] = b.keys[child];
      b.events[i] = b.events[child];
      i = child;
    }
    b.keys[i] = key;
    b.events[i] = e;
  }
}
