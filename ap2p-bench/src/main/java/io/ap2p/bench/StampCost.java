package io.ap2p.bench;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.incentives.Stamp;
import io.ap2p.core.wire.Bytes;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a newcomer pays for a provider's proof-of-work stamp: for each difficulty, the CPU time of
 * minting on one thread (median and mean over tasks with different ids) and the hashes it took,
 * against 2^bits expected. A plain {@code main}: {@code java -cp ap2p-bench/target/benchmarks.jar
 * io.ap2p.bench.StampCost [MAX_BITS]} (default 22; each bit doubles the time).
 */
public final class StampCost {

  private StampCost() {}

  /** Prints one line per difficulty from 8 bits to {@code args[0]} (default 22) in steps of 2. */
  public static void main(String[] args) {
    int max = args.length > 0 ? Integer.parseInt(args[0]) : 22;
    byte[] seed = new byte[32];
    var requester = PrivateKey.fromSeed(Bytes.wrap(seed)).peerId();
    seed[0] = 1;
    var provider = PrivateKey.fromSeed(Bytes.wrap(seed)).peerId();
    Bytes nonce = Bytes.wrap(new byte[16]);
    for (int i = 0; i < 2_000; i++) { // warm up the JIT
      Stamp.mint(requester, provider, "warm-" + i, nonce, 8);
    }
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    System.out.println("bits  tasks  median ms  mean ms  mean hashes  2^bits  ns/hash");
    for (int bits = 8; bits <= max; bits += 2) {
      int tasks = bits <= 16 ? 200 : bits <= 20 ? 40 : 12;
      double[] ms = new double[tasks];
      long hashes = 0;
      for (int t = 0; t < tasks; t++) {
        long c0 = bean.getCurrentThreadCpuTime();
        Stamp.Minted m = Stamp.mint(requester, provider, "task-" + bits + "-" + t, nonce, bits);
        ms[t] = (bean.getCurrentThreadCpuTime() - c0) / 1e6;
        hashes += m.hashes();
      }
      double total = Arrays.stream(ms).sum();
      Arrays.sort(ms);
      System.out.printf(
          Locale.ROOT,
          "%4d  %5d  %9.2f  %7.2f  %11.0f  %6d  %7.0f%n",
          bits,
          tasks,
          ms[tasks / 2],
          total / tasks,
          (double) hashes / tasks,
          1L << bits,
          total * 1e6 / hashes);
    }
  }
}
