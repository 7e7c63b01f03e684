package io.ap2p.bench;

import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Stream;
import io.ap2p.net.protocol.Ping;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of delegating over a bare round trip: an {@code echo} task with a 64-byte input against
 * a ping on the same connection. Every operation runs once per round, in a fixed order, so each
 * gets the same warm-up and repetitions and drift affects all alike.
 */
final class DelegationOverhead {

  /** The aim stated for the task plane: echo minus ping under 1 ms at p50. */
  static final double AIM_MS = 1.0;

  static final String PING = "ping (open stream)";
  static final String PING_NEW = "ping on a new stream";
  static final String ECHO = "echo, no receipt";
  static final String ECHO_SIGNED = "echo, receipt signed";
  static final String ECHO_VERIFIED = "echo, receipt signed+verified";

  private DelegationOverhead() {}

  /** Runs {@code warmup} then {@code reps} rounds; the samples by operation, in table order. */
  static Map<String, Samples> measure(TaskRig rig, int warmup, int reps) throws IOException {
    byte[] in = new byte[64];
    TaskRig.RANDOM.nextBytes(in);
    Bytes input = Bytes.wrap(in);
    Map<String, Samples> out = new LinkedHashMap<>();
    for (String op : new String[] {PING, PING_NEW, ECHO, ECHO_SIGNED, ECHO_VERIFIED}) {
      out.put(op, new Samples(reps));
    }
    Connection c = rig.connect();
    try (Stream ping = c.newStream(Ping.PROTOCOL_ID)) {
      for (int i = 0; i < warmup + reps; i++) {
        boolean measured = i >= warmup;
        long rtt = Ping.once(ping, TaskRig.RANDOM, Duration.ofSeconds(5)).toNanos();
        long t0 = System.nanoTime();
        try (Stream s = c.newStream(Ping.PROTOCOL_ID)) {
          Ping.once(s, TaskRig.RANDOM, Duration.ofSeconds(5));
        }
        long t1 = System.nanoTime();
        rig.call(c, TaskRig.ECHO, input, false, false);
        long t2 = System.nanoTime();
        rig.call(c, TaskRig.ECHO, input, true, false);
        long t3 = System.nanoTime();
        rig.call(c, TaskRig.ECHO, input, true, true);
        long t4 = System.nanoTime();
        if (measured) {
          out.get(PING).add(rtt);
          out.get(PING_NEW).add(t1 - t0);
          out.get(ECHO).add(t2 - t1);
          out.get(ECHO_SIGNED).add(t3 - t2);
          out.get(ECHO_VERIFIED).add(t4 - t3);
        }
      }
    } finally {
      c.close();
    }
    return out;
  }

  /** Prints the table, the overheads over ping and whether the aim was met. */
  static void print(Map<String, Samples> s, PrintStream out) {
    Samples ping = s.get(PING);
    out.println("| operation | p50 ms | p99 ms | p50 − ping p50 | p99 − ping p99 |");
    out.println("| --- | ---: | ---: | ---: | ---: |");
    s.forEach(
        (op, x) ->
            out.printf(
                Locale.ROOT,
                "| %s | %.3f | %.3f | %s | %s |%n",
                op,
                x.p50(),
                x.p99(),
                x == ping ? "—" : String.format(Locale.ROOT, "%.3f", x.p50() - ping.p50()),
                x == ping ? "—" : String.format(Locale.ROOT, "%.3f", x.p99() - ping.p99())));
    for (String op : new String[] {ECHO, ECHO_SIGNED, ECHO_VERIFIED}) {
      double over = overheadP50(s, op);
      out.printf(
          Locale.ROOT,
          "aim: delegation overhead (%s) < %.0f ms at p50: %.3f ms, %s%n",
          op,
          AIM_MS,
          over,
          over < AIM_MS ? "met" : "NOT met");
    }
  }

  /** Echo minus ping at p50, in milliseconds. */
  static double overheadP50(Map<String, Samples> s, String op) {
    return s.get(op).p50() - s.get(PING).p50();
  }
}
