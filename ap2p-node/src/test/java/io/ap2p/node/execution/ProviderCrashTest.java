package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.HostLimits;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.ReceiptDirection;
import io.ap2p.node.store.StoredReceipt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider process is SIGKILLed at random points of a stream of tasks, five times: after each
 * restart the database opens clean, every receipt a requester received is among the receipts the
 * provider recorded as given (acknowledged work is never lost), and the receipt chain goes on from
 * the last one recorded.
 */
@Tag("slow")
class ProviderCrashTest {

  @TempDir Path dir;

  @Test
  void killedProviderLosesNoAcknowledgedReceipt() throws Exception {
    long seed = Long.getLong("ap2p.seed", new SecureRandom().nextLong());
    System.out.println(
        "ProviderCrashTest seed " + seed + " (replay with -Dap2p.seed=" + seed + ")");
    Random random = new Random(seed);
    Path data = dir.resolve("provider");
    List<SignedReceipt> received = new ArrayList<>();
    try (Host requester =
        Host.start(
            new HostConfig(
                PrivateKey.generate(new SecureRandom()),
                List.of(LoopbackNetwork.loopback()),
                "crash-test",
                HostLimits.DEFAULTS,
                SystemClock.INSTANCE,
                new SecureRandom()))) {
      for (int round = 0; round < 5; round++) {
        Process p = start(data);
        try {
          Multiaddr addr = address(p);
          received.addAll(stream(requester, addr, p, 150 + random.nextInt(1500)));
        } finally {
          p.destroyForcibly(); // SIGKILL
          p.waitFor();
        }
      }
    }
    assertThat(received).hasSizeGreaterThan(10);
    try (Database db = Database.open(data)) { // opening checks integrity
      Set<Bytes> given = new HashSet<>();
      Set<Bytes> previous = new HashSet<>();
      for (StoredReceipt r : db.receipts().recent(ReceiptDirection.GIVEN, 10_000)) {
        given.add(r.hash());
        previous.add(io.ap2p.core.trust.ReceiptCodec.decode(r.encoded()).body().previous());
      }
      System.out.println(
          "ProviderCrashTest: "
              + received.size()
              + " receipts received over 5 kills, "
              + given.size()
              + " recorded as given");
      for (SignedReceipt r : received) {
        assertThat(given).as("a receipt the requester holds").contains(r.hash());
      }
      // a chain: every receipt but the first points at one recorded before it
      long chained = given.stream().filter(previous::contains).count();
      assertThat(chained).isGreaterThanOrEqualTo(given.size() - 1);
    }
  }

  private Process start(Path data) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            ProviderProcess.class.getName(),
            data.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static Multiaddr address(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("listening ")) {
      throw new AssertionError("provider did not start: " + line);
    }
    return Multiaddr.parse(line.substring("listening ".length()));
  }

  /**
   * Sends tasks from 4 threads, SIGKILLs {@code provider} after {@code millis} while they are in
   * flight, and returns the receipts of the results received.
   */
  private static List<SignedReceipt> stream(
      Host requester, Multiaddr addr, Process provider, long millis) throws Exception {
    Connection c = requester.connect(addr);
    ConcurrentLinkedQueue<SignedReceipt> got = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    SecureRandom random = new SecureRandom();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 4; t++) {
        pool.submit(
            () -> {
              while (!stop.get()) {
                byte[] nonce = new byte[16];
                random.nextBytes(nonce);
                Bytes input =
                    Bytes.wrap(
                        ("Sentence " + random.nextInt() + ". Another one here.")
                            .getBytes(StandardCharsets.UTF_8));
                TaskMessage.Invoke inv =
                    new TaskMessage.Invoke(
                        Long.toHexString(random.nextLong() & Long.MAX_VALUE),
                        "text-summarize",
                        0,
                        "text/plain",
                        input.length(),
                        10_000,
                        Bytes.wrap(nonce),
                        true);
                TaskClient.Outcome o =
                    new TaskClient(TaskLimits.PROTOCOL)
                        .call(c, inv, input, Duration.ofSeconds(10), (f, m) -> {});
                if (o instanceof TaskClient.Outcome.Completed done) {
                  got.add(done.result().receipt().orElseThrow());
                } else {
                  return; // killed
                }
              }
              return;
            });
      }
      Thread.sleep(millis);
      provider.destroyForcibly(); // SIGKILL, while tasks are in flight
    } finally {
      stop.set(true);
    }
    return new ArrayList<>(got);
  }
}
