package io.ap2p.core.discovery.registry;

import java.util.Arrays;

/**
 * The held descriptors of one {@link FilterClass} in one scope (every descriptor, or those under
 * one tag), as a multiset of (claimed latency, price, length in tokens), so that a query gets how
 * many have latency and price within its bounds, and their total length, without visiting each:
 * they are kept sorted by (latency, price, length) in blocks of at most {@code 2·BLOCK}, and each
 * block also keeps its prices sorted with the running total of their lengths. A query adds whole
 * blocks whose latencies are all within its bound (a binary search over the block's prices when the
 * price is bounded), scans the one block that straddles the bound and stops at the first block
 * beyond it.
 *
 * <p>Prices are finite and non-negative ({@code Price}); {@code -0.0} is stored as {@code 0.0}, so
 * numeric comparisons, which are what the hard filter makes, order them.
 */
final class ProfileCounts {

  static final int BLOCK = 64;

  private Block[] blocks = new Block[1];
  // the first (latency, price, length) of each block, for the search by value
  private long[] firstLatency = new long[1];
  private double[] firstPrice = new double[1];
  private int[] firstLength = new int[1];
  private int size;
  int entries;
  long length;

  /** The sums a query reads. */
  static final class Sum {
    int entries;
    long length;
  }

  private static final class Block {
    long[] latency = new long[4];
    double[] price = new double[4];
    int[] length = new int[4];
    // the same entries' prices, sorted, and the total length of the first i + 1 of them
    double[] byPrice = new double[4];
    long[] running = new long[4];
    int size;
    long total;

    void grow() {
      int c = 2 * latency.length;
      latency = Arrays.copyOf(latency, c);
      price = Arrays.copyOf(price, c);
      length = Arrays.copyOf(length, c);
      byPrice = Arrays.copyOf(byPrice, c);
      running = Arrays.copyOf(running, c);
    }

    /** Recomputes the sorted prices and running lengths from the entries. */
    void rebuildPrices() {
      if (byPrice.length < latency.length) {
        byPrice = new double[latency.length];
        running = new long[latency.length];
      }
      int[] len = new int[size];
      for (int i = 0; i < size; i++) {
        // insertion sort by price: blocks are small
        double p = price[i];
        int l = length[i];
        int j = i;
        while (j > 0 && byPrice[j - 1] > p) {
          byPrice[j] = byPrice[j - 1];
          len[j] = len[j - 1];
          j--;
        }
        byPrice[j] = p;
        len[j] = l;
      }
      long run = 0;
      total = 0;
      for (int i = 0; i < size; i++) {
        run += len[i];
        running[i] = run;
      }
      total = run;
    }
  }

  private static int compare(long la, double pa, int na, long lb, double pb, int nb) {
    if (la != lb) {
      return la < lb ? -1 : 1;
    }
    if (pa != pb) {
      return pa < pb ? -1 : 1;
    }
    return Integer.compare(na, nb);
  }

  /** The last block whose first value is at most the given one (0 if none). */
  private int block(long lat, double price, int len) {
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (compare(firstLatency[mid], firstPrice[mid], firstLength[mid], lat, price, len) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The first position in {@code b} whose value is not below the given one. */
  private static int position(Block b, long lat, double price, int len) {
    int lo = 0;
    int hi = b.size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(b.latency[mid], b.price[mid], b.length[mid], lat, price, len) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Adds a descriptor of claimed latency {@code lat}, price {@code price} and length {@code len}.
   */
  void add(long lat, double price, int len) {
    double p = price + 0.0;
    if (size == 0) {
      blocks[0] = new Block();
      size = 1;
    }
    int bi = block(lat, p, len);
    Block b = blocks[bi];
    if (b.size == b.latency.length) {
      b.grow();
    }
    int at = position(b, lat, p, len);
    int tail = b.size - at;
    System.arraycopy(b.latency, at, b.latency, at + 1, tail);
    System.arraycopy(b.price, at, b.price, at + 1, tail);
    System.arraycopy(b.length, at, b.length, at + 1, tail);
    b.latency[at] = lat;
    b.price[at] = p;
    b.length[at] = len;
    // the price: after the equal ones; running totals from there on grow by len
    int k = b.size;
    while (k > 0 && b.byPrice[k - 1] > p) {
      b.byPrice[k] = b.byPrice[k - 1];
      b.running[k] = b.running[k - 1] + len;
      k--;
    }
    b.byPrice[k] = p;
    b.running[k] = (k > 0 ? b.running[k - 1] : 0) + len;
    b.size++;
    b.total += len;
    first(bi);
    entries++;
    length += len;
    if (b.size > 2 * BLOCK) {
      split(bi);
    }
  }

  /** Removes one descriptor of the given values, which must have been added. */
  void remove(long lat, double price, int len) {
    double p = price + 0.0;
    int bi = size == 0 ? -1 : block(lat, p, len);
    Block b = bi < 0 ? null : blocks[bi];
    int at = b == null ? 0 : position(b, lat, p, len);
    if (b == null
        || at == b.size
        || compare(b.latency[at], b.price[at], b.length[at], lat, p, len) != 0) {
      throw new IllegalStateException("no such descriptor in the class counts");
    }
    int tail = b.size - at - 1;
    System.arraycopy(b.latency, at + 1, b.latency, at, tail);
    System.arraycopy(b.price, at + 1, b.price, at, tail);
    System.arraycopy(b.length, at + 1, b.length, at, tail);
    // one price equal to p whose own length is len: every later running total loses len
    int k = 0;
    while (b.byPrice[k] < p
        || b.byPrice[k] > p
        || b.running[k] - (k > 0 ? b.running[k - 1] : 0) != len) {
      k++;
    }
    for (int j = k; j < b.size - 1; j++) {
      b.byPrice[j] = b.byPrice[j + 1];
      b.running[j] = b.running[j + 1] - len;
    }
    b.size--;
    b.total -= len;
    entries--;
    length -= len;
    if (b.size == 0) {
      drop(bi);
    } else {
      first(bi);
      if (b.size < BLOCK / 4 && bi + 1 < size && blocks[bi + 1].size + b.size <= BLOCK) {
        merge(bi);
      }
    }
  }

  /**
   * Adds to {@code out} how many held descriptors have latency at most {@code maxLatency} and price
   * at most {@code maxPrice} (numerically; NaN or infinity: any), and their total length.
   */
  void sum(long maxLatency, double maxPrice, Sum out) {
    boolean anyPrice = !(maxPrice < Double.POSITIVE_INFINITY);
    if (maxLatency == Long.MAX_VALUE && anyPrice) {
      out.entries += entries;
      out.length += length;
      return;
    }
    for (int bi = 0; bi < size; bi++) {
      Block b = blocks[bi];
      if (b.latency[0] > maxLatency) {
        return;
      }
      if (b.latency[b.size - 1] <= maxLatency) {
        if (anyPrice) {
          out.entries += b.size;
          out.length += b.total;
        } else {
          // how many prices are at most maxPrice
          int lo = 0;
          int hi = b.size;
          while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (b.byPrice[mid] <= maxPrice) {
              lo = mid + 1;
            } else {
              hi = mid;
            }
          }
          out.entries += lo;
          out.length += lo > 0 ? b.running[lo - 1] : 0;
        }
      } else {
        for (int i = 0; i < b.size && b.latency[i] <= maxLatency; i++) {
          if (anyPrice || b.price[i] <= maxPrice) {
            out.entries++;
            out.length += b.length[i];
          }
        }
      }
    }
  }

  private void first(int bi) {
    Block b = blocks[bi];
    firstLatency[bi] = b.latency[0];
    firstPrice[bi] = b.price[0];
    firstLength[bi] = b.length[0];
  }

  private void split(int bi) {
    Block b = blocks[bi];
    Block c = new Block();
    int half = b.size / 2;
    int rest = b.size - half;
    c.latency = Arrays.copyOfRange(b.latency, half, half + Math.max(rest, 4));
    c.price = Arrays.copyOfRange(b.price, half, half + Math.max(rest, 4));
    c.length = Arrays.copyOfRange(b.length, half, half + Math.max(rest, 4));
    c.size = rest;
    b.size = half;
    b.rebuildPrices();
    c.rebuildPrices();
    insertBlock(bi + 1, c);
  }

  private void merge(int bi) {
    Block b = blocks[bi];
    Block c = blocks[bi + 1];
    while (b.latency.length < b.size + c.size) {
      b.grow();
    }
    System.arraycopy(c.latency, 0, b.latency, b.size, c.size);
    System.arraycopy(c.price, 0, b.price, b.size, c.size);
    System.arraycopy(c.length, 0, b.length, b.size, c.size);
    b.size += c.size;
    b.rebuildPrices();
    drop(bi + 1);
  }

  private void insertBlock(int at, Block c) {
    if (size == blocks.length) {
      int n = 2 * size;
      blocks = Arrays.copyOf(blocks, n);
      firstLatency = Arrays.copyOf(firstLatency, n);
      firstPrice = Arrays.copyOf(firstPrice, n);
      firstLength = Arrays.copyOf(firstLength, n);
    }
    int tail = size - at;
    System.arraycopy(blocks, at, blocks, at + 1, tail);
    System.arraycopy(firstLatency, at, firstLatency, at + 1, tail);
    System.arraycopy(firstPrice, at, firstPrice, at + 1, tail);
    System.arraycopy(firstLength, at, firstLength, at + 1, tail);
    blocks[at] = c;
    size++;
    first(at);
  }

  private void drop(int bi) {
    int tail = size - bi - 1;
    System.arraycopy(blocks, bi + 1, blocks, bi, tail);
    System.arraycopy(firstLatency, bi + 1, firstLatency, bi, tail);
    System.arraycopy(firstPrice, bi + 1, firstPrice, bi, tail);
    System.arraycopy(firstLength, bi + 1, firstLength, bi, tail);
    size--;
    blocks[size] = null;
  }

  /** Blocks in use (tests). */
  int blocks() {
    return size;
  }
}
