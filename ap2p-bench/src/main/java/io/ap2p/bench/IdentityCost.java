package io.ap2p.bench;

import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an identity costs under a registry's price on identities ({@link IdentityProof}): the hash
 * rate of one core and of every core, the CPU time of minting real proofs at low difficulties
 * (median and mean over different keys), and the seconds per identity at 16, 20, 24 and 28 bits
 * that follow from the rate (2^bits hashes expected), next to the simulator's {@code
 * identityCostSeconds} they map to. A plain {@code main}: {@code java -cp
 * ap2p-bench/target/benchmarks.jar io.ap2p.bench.IdentityCost [MINT_UP_TO_BITS]} (default 20; each
 * bit doubles the time; about a minute).
 */
public final class IdentityCost {

  private IdentityCost() {}

  /** Prints the rates, the minted proofs up to {@code args[0]} bits, and the cost table. */
  public static void main(String[] args) throws InterruptedException {
    int mintUpTo = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<PeerId> peers = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) i;
      seed[1] = 42;
      peers.add(PrivateKey.fromSeed(Bytes.wrap(seed)).peerId());
    }
    for (int i = 0; i < 3_000; i++) { // warm up the JIT
      IdentityProof.mint(peers.get(i % peers.size()), 8);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double[] single = rate(1, 3.0, peers);
    double[] every = rate(cores, 3.0, peers);
    double measured = Math.max(single[0], every[0]);
    System.out.printf(
        Locale.ROOT,
        "hash rate per core (hashes per CPU second): %,.0f on one thread, %,.0f on %d threads%n"
            + "wall-clock rate of %d threads on this machine now: %,.0f hashes/s"
            + " (less than %d x per core when other work shares the cores)%n",
        single[0],
        every[0],
        cores,
        cores,
        every[1],
        cores);
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    System.out.println();
    System.out.println("minted: bits  keys  median s  mean s  mean hashes  2^bits  hashes/CPU s");
    long mintedHashes = 0;
    double mintedSeconds = 0;
    for (int bits = 12; bits <= mintUpTo; bits += 2) {
      int keys = bits <= 16 ? 64 : bits <= 20 ? 12 : 4;
      double[] s = new double[keys];
      long hashes = 0;
      for (int k = 0; k < keys; k++) {
        long c0 = bean.getCurrentThreadCpuTime();
        IdentityProof.Minted m = IdentityProof.mint(peers.get(k), bits);
        s[k] = (bean.getCurrentThreadCpuTime() - c0) / 1e9;
        hashes += m.hashes();
      }
      double total = Arrays.stream(s).sum();
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "        %4d  %4d  %8.3f  %6.3f  %11.0f  %6d  %,12.0f%n",
          bits,
          keys,
          s[keys / 2],
          total / keys,
          (double) hashes / keys,
          1L << bits,
          hashes / total);
      if (bits >= 16) {
        mintedHashes += hashes;
        mintedSeconds += total;
      }
    }
    // the faster of the two measures: on a shared machine both undercount an idle core
    double one = Math.max(measured, mintedSeconds > 0 ? mintedHashes / mintedSeconds : 0);
    double all = one * cores;
    System.out.printf(
        Locale.ROOT,
        "%nper-core rate used below: %,.0f hashes/s (the faster of the two measures above)%n",
        one);
    System.out.println();
    System.out.println(
        "expected cost per identity (2^bits hashes; the geometric tail: 5% of keys need 3x)");
    System.out.printf(
        Locale.ROOT,
        "bits  hashes          one core s  %d cores s  = identityCostSeconds (core-seconds)%n",
        cores);
    for (int bits : new int[] {16, 20, 24, 28}) {
      double h = Math.pow(2, bits);
      System.out.printf(
          Locale.ROOT,
          "%4d  %,14.0f  %10.2f  %11.2f  %10.2f%n",
          bits,
          h,
          h / one,
          h / all,
          h / one);
    }
  }

  /**
   * Hashes per second of CPU time over {@code seconds} of wall time on {@code threads} threads
   * (each thread's hashes over its own CPU time, summed: a per-core rate that does not depend on
   * how busy the machine is), and the wall-clock rate of them all.
   */
  static double[] rate(int threads, double seconds, List<PeerId> peers)
      throws InterruptedException {
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    LongAdder hashes = new LongAdder();
    LongAdder cpuNanos = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> ts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      PeerId peer = peers.get(100 + t);
      ts.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    long c0 = bean.getCurrentThreadCpuTime();
                    long[] n = {0};
                    // minting at 32 bits never ends by itself here: goOn counts and stops it
                    IdentityProof.mint(
                        peer,
                        IdentityProof.MAX_BITS,
                        () -> {
                          n[0]++;
                          return !stop.get();
                        });
                    cpuNanos.add(bean.getCurrentThreadCpuTime() - c0);
                    hashes.add((n[0] - 1) * IdentityProof.CHECK_EVERY);
                  }));
    }
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    for (Thread t : ts) {
      t.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    return new double[] {hashes.sum() / (cpuNanos.sum() / 1e9), hashes.sum() / wall};
  }
}
