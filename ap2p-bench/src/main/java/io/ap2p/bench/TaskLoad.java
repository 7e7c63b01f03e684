package io.ap2p.bench;

import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tasks per second under load: {@code requesters} virtual threads, each looping echo calls with a
 * receipt that it verifies, one stream per call, spread over {@code connections} connections, for a
 * warm-up and then a measured window. Only calls that start and end inside the window count.
 */
final class TaskLoad {

  /**
   * What the window showed.
   *
   * @param tasks calls completed inside the window
   * @param seconds the window's length
   * @param latency the latencies of those calls
   * @param cpuMillis CPU time the whole process (both hosts) used in the window, as the OS reports
   *     it (coarse: only meaningful over several seconds)
   */
  record Figures(long tasks, double seconds, Samples latency, long cpuMillis) {
    double perSecond() {
      return tasks / seconds;
    }
  }

  private TaskLoad() {}

  static Figures measure(
      TaskRig rig, int requesters, int connections, Duration warmup, Duration window)
      throws IOException, InterruptedException {
    byte[] in = new byte[64];
    TaskRig.RANDOM.nextBytes(in);
    Bytes input = Bytes.wrap(in);
    List<Connection> conns = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      conns.add(rig.connect());
    }
    long start = System.nanoTime() + warmup.toNanos();
    long end = start + window.toNanos();
    List<Samples> parts = new ArrayList<>();
    AtomicLong tasks = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < requesters; i++) {
      Samples mine = new Samples(1024);
      parts.add(mine);
      Connection c = conns.get(i % connections);
      threads.add(
          Thread.ofVirtual()
              .name("requester-" + i)
              .start(
                  () -> {
                    try {
                      for (long t0; (t0 = System.nanoTime()) < end; ) {
                        rig.call(c, TaskRig.ECHO, input, true, true);
                        long t1 = System.nanoTime();
                        if (t0 >= start && t1 <= end) {
                          mine.add(t1 - t0);
                          tasks.incrementAndGet();
                        }
                      }
                    } catch (RuntimeException e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    Thread.sleep(Math.max(0, (start - System.nanoTime()) / 1_000_000));
    long cpu0 = cpuMillis();
    Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
    long cpu1 = cpuMillis();
    for (Thread t : threads) {
      t.join();
    }
    conns.forEach(Connection::close);
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Figures(tasks.get(), window.toNanos() / 1e9, Samples.merge(parts), cpu1 - cpu0);
  }

  private static long cpuMillis() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() / 1_000_000
        : 0;
  }
}
