package io.ap2p.bench;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Registry admissions per second against the raw Ed25519 verify rate on the same machine, on one
 * thread and on every core (part of {@link DiscoveryBenchmark}'s run).
 *
 * <pre>
 * java -cp ap2p-bench/target/benchmarks.jar io.ap2p.bench.AdmissionBenchmark
 * </pre>
 */
public final class AdmissionBenchmark {

  private AdmissionBenchmark() {}

  /** Prints the admission tables alone. */
  public static void main(String[] args) throws Exception {
    run();
  }

  /** Rounds of the three admission measures, interleaved so that drift hits them alike. */
  static final int ROUNDS = 7;

  /**
   * Verifications per second of every descriptor in {@code ds} under the key {@code keyOf} gives.
   */
  static double verifyRate(
      List<SignedDescriptor> ds,
      java.util.function.IntFunction<io.ap2p.core.identity.PublicKey> keyOf)
      throws Exception {
    int n = ds.size();
    return rate(
        1,
        () -> {
          for (int i = 0; i < n; i++) {
            SignedDescriptor d = ds.get(i);
            try {
              keyOf.apply(i).verify(SignatureDomain.DESCRIPTOR, d.canonical(), d.signature());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          return n;
        });
  }

  /** Measures and prints both tables. */
  static void run() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
    int n = 4096;
    List<PrivateKey> keys = new ArrayList<>();
    List<SignedDescriptor> ds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PrivateKey k = DiscoveryBenchmark.key();
      keys.add(k);
      ds.add(DiscoveryBenchmark.descriptor(k, "cap", clock.instant()));
    }
    List<RegistryMessage> regs =
        ds.stream()
            .map(d -> (RegistryMessage) new RegistryMessage.Register(d.toJsonBytes()))
            .toList();
    // raw: Ed25519 verification of the same canonical bytes from the 32 public-key bytes, as any
    // verifier of a fresh identity must do it (point decompression included), nothing else
    List<Bytes> raws = keys.stream().map(k -> k.publicKey().raw()).toList();
    // the same with the key already decompressed (a holder that caches keys of known peers, and
    // the registry, whose sender's key was decoded once by the connection's handshake)
    List<io.ap2p.core.identity.PublicKey> decoded =
        keys.stream().map(PrivateKey::publicKey).toList();
    List<PeerId> senders = keys.stream().map(PrivateKey::peerId).toList();
    // admission: parse, canonical bytes, verify, quota and insert (a fresh registry per pass, so
    // every Register is a new descriptor and pays the full price; no verification cache)
    Pass admit =
        () -> {
          RegistryServer server = DiscoveryBenchmark.registry(clock, RegistryLimits.DEFAULTS);
          for (int i = 0; i < n; i++) {
            RegistryMessage.Ack a =
                (RegistryMessage.Ack) server.handle(senders.get(i), regs.get(i));
            if (a.status() != RegistryMessage.Status.ACCEPTED) {
              throw new IllegalStateException("not admitted: " + a);
            }
          }
          clock.advance(10_000); // refill the per-identity buckets between passes
          return n;
        };
    double[] verify = new double[ROUNDS];
    double[] verifyCached = new double[ROUNDS];
    double[] admitted = new double[ROUNDS];
    double[] ratio = new double[ROUNDS];
    double[] ratioCached = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      verify[r] = verifyRate(ds, i -> io.ap2p.core.identity.PublicKey.ofRaw(raws.get(i)));
      verifyCached[r] = verifyRate(ds, decoded::get);
      admitted[r] = rate(1, admit);
      ratio[r] = admitted[r] / verify[r];
      ratioCached[r] = admitted[r] / verifyCached[r];
    }
    System.out.println("## Registry admissions (one thread, median of " + ROUNDS + " rounds)");
    System.out.println();
    System.out.println("| measure | per second | round range |");
    System.out.println("| --- | ---: | ---: |");
    row("raw Ed25519 verify from key bytes (point decompression included)", verify);
    row("raw Ed25519 verify with the key already decompressed", verifyCached);
    row("registry admissions (parse, canonical bytes, verify, quota, insert)", admitted);
    System.out.printf(
        Locale.ROOT,
        "| admissions / raw verify from key bytes | %.0f%% | %.0f–%.0f%% |%n",
        100 * median(ratio),
        100 * Arrays.stream(ratio).min().orElseThrow(),
        100 * Arrays.stream(ratio).max().orElseThrow());
    System.out.printf(
        Locale.ROOT,
        "| admissions / raw verify with the key decompressed | %.0f%% | %.0f–%.0f%% |%n%n",
        100 * median(ratioCached),
        100 * Arrays.stream(ratioCached).min().orElseThrow(),
        100 * Arrays.stream(ratioCached).max().orElseThrow());
    parallelAdmissions(clock, keys, ds, regs, raws);
  }

  /**
   * The same on every core, as a node's registry runs: the rate limit and the table update under
   * one lock (its driver's), signatures checked outside it ({@link RegistryServer#begin}, {@link
   * RegistryServer#admit}); against raw verification on as many threads.
   */
  static void parallelAdmissions(
      ManualClock clock,
      List<PrivateKey> keys,
      List<SignedDescriptor> ds,
      List<RegistryMessage> regs,
      List<Bytes> raws)
      throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    int n = ds.size();
    List<PeerId> senders = keys.stream().map(PrivateKey::peerId).toList();
    double[] verify = new double[ROUNDS];
    double[] admitted = new double[ROUNDS];
    double[] ratio = new double[ROUNDS];
    for (int r = -1; r < ROUNDS; r++) { // round -1 warms up
      double v =
          allOnce(
              threads,
              n,
              i -> {
                try {
                  io.ap2p.core.identity.PublicKey.ofRaw(raws.get(i))
                      .verify(
                          SignatureDomain.DESCRIPTOR, ds.get(i).canonical(), ds.get(i).signature());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      RegistryServer server = DiscoveryBenchmark.registry(clock, RegistryLimits.DEFAULTS);
      java.util.concurrent.locks.ReentrantLock lock =
          new java.util.concurrent.locks.ReentrantLock();
      double a =
          allOnce(
              threads,
              n,
              i -> {
                PeerId from = senders.get(i);
                RegistryServer.Begun b;
                lock.lock();
                try {
                  b = server.begin(from, regs.get(i));
                } finally {
                  lock.unlock();
                }
                Bytes json = ((RegistryServer.Begun.Judge) b).json();
                var verdict = server.validator().validate(json, java.util.Optional.of(from));
                RegistryMessage.Ack ack;
                lock.lock();
                try {
                  ack = (RegistryMessage.Ack) server.admit(from, json, verdict);
                } finally {
                  lock.unlock();
                }
                if (ack.status() != RegistryMessage.Status.ACCEPTED) {
                  throw new IllegalStateException("not admitted: " + ack);
                }
              });
      clock.advance(10_000);
      if (r >= 0) {
        verify[r] = v;
        admitted[r] = a;
        ratio[r] = a / v;
      }
    }
    System.out.println(
        "## Registry admissions on " + threads + " threads (median of " + ROUNDS + " rounds)");
    System.out.println();
    System.out.println("| measure | per second | round range |");
    System.out.println("| --- | ---: | ---: |");
    row("raw Ed25519 verify from key bytes, " + threads + " threads", verify);
    row("registry admissions, signatures checked outside the lock", admitted);
    System.out.printf(
        Locale.ROOT,
        "| admissions / raw verify | %.0f%% | %.0f–%.0f%% |%n%n",
        100 * median(ratio),
        100 * Arrays.stream(ratio).min().orElseThrow(),
        100 * Arrays.stream(ratio).max().orElseThrow());
  }

  /** Operations per second of running {@code op} once for each of 0..n-1 on {@code threads}. */
  static double allOnce(int threads, int n, java.util.function.IntConsumer op) throws Exception {
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                      op.accept(i);
                    }
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  static void row(String what, double[] perRound) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %,.0f | %,.0f–%,.0f |%n",
        what,
        median(perRound),
        Arrays.stream(perRound).min().orElseThrow(),
        Arrays.stream(perRound).max().orElseThrow());
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  interface Pass {
    int run() throws Exception;
  }

  /** Operations per second of {@code pass}, after a warm-up, over about {@code seconds}. */
  static double rate(int seconds, Pass pass) throws Exception {
    long warm = System.nanoTime() + 500_000_000L;
    while (System.nanoTime() < warm) {
      pass.run();
    }
    long ops = 0;
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      ops += pass.run();
    }
    return ops / ((System.nanoTime() - t0) / 1e9);
  }
}
