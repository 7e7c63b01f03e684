package io.ap2p.bench;

import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A large result against the connection's raw speed: a task whose handler returns {@code bytes}
 * (with and without a receipt) and a raw yamux stream carrying as many bytes the same way round
 * (provider to requester, 64 KiB writes), on one connection, interleaved run by run.
 */
final class BulkOutput {

  static final String RAW = "raw yamux stream";
  static final String TASK = "task, no receipt";
  static final String TASK_VERIFIED = "task, receipt signed+verified";

  private BulkOutput() {}

  /** Transfer times by operation, in table order. */
  static Map<String, Samples> measure(TaskRig rig, long bytes, int warmup, int runs)
      throws IOException {
    Bytes input = Bytes.wrap(new byte[64]);
    Map<String, Samples> out = new LinkedHashMap<>();
    for (String op : new String[] {RAW, TASK, TASK_VERIFIED}) {
      out.put(op, new Samples(runs));
    }
    Connection c = rig.connect();
    try {
      for (int i = 0; i < warmup + runs; i++) {
        boolean measured = i >= warmup;
        long t0 = System.nanoTime();
        TaskRig.pull(c, bytes);
        long t1 = System.nanoTime();
        check(rig.call(c, TaskRig.BLOB, input, false, false), bytes);
        long t2 = System.nanoTime();
        check(rig.call(c, TaskRig.BLOB, input, true, true), bytes);
        long t3 = System.nanoTime();
        if (measured) {
          out.get(RAW).add(t1 - t0);
          out.get(TASK).add(t2 - t1);
          out.get(TASK_VERIFIED).add(t3 - t2);
        }
      }
    } finally {
      c.close();
    }
    return out;
  }

  private static void check(Bytes output, long bytes) {
    if (output.length() != bytes) {
      throw new IllegalStateException("got " + output.length() + " of " + bytes + " bytes");
    }
  }

  /** MiB per second at the median transfer time. */
  static double mibPerSecond(Samples s, long bytes) {
    return bytes / 1048576.0 / (s.p50() / 1e3);
  }
}
