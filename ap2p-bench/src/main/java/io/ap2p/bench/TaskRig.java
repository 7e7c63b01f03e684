package io.ap2p.bench;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.execution.ExecutionLimits;
import io.ap2p.node.execution.ExecutionLog;
import io.ap2p.node.execution.ServedCapability;
import io.ap2p.node.execution.TaskClient;
import io.ap2p.node.execution.TaskService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two real hosts on loopback: B serves {@code /ap2p/task/1.0.0} through a {@link TaskService}
 * (capabilities {@code bench-echo} and {@code bench-blob}) and a raw byte source; A calls them with
 * {@link TaskClient}, one attempt per stream, as a requester does.
 */
final class TaskRig implements AutoCloseable {

  static final String ECHO = "bench-echo";
  static final String BLOB = "bench-blob";

  /** A raw protocol: the listener writes the number of bytes the dialler asks for, then closes. */
  static final String SOURCE = "/ap2p/bench-source/1.0.0";

  static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String TEMPLATE =
      """
      {"schema": "ap2p/descriptor/1", "id": "%s", "ttlSeconds": 60,
       "intent": {"name": "Bench %s", "description": "benchmark capability",
                  "tags": ["bench.%s"], "examples": []},
       "io": {"input": {"type": "string"}, "output": {"type": "string"}},
       "constraints": {"maxInputBytes": 1048576, "deadlineMs": 60000, "sideEffect": "none",
                       "requiredTier": 0},
       "state": {"availability": "available", "load": 0, "queueLength": 0, "version": "%s"},
       "verification": {"canaries": false, "receipts": true, "attestation": false,
                        "attestors": []}}
      """;

  final Host provider;
  final Host requester;
  final TaskService service;
  private final Multiaddr transport;
  private final ReceiptVerifier verifier = new ReceiptVerifier(Set.of(), 5_000);
  private final AtomicLong taskIds = new AtomicLong();

  /** The hosts and the service under {@code limits}, recording to {@code log}. */
  TaskRig(ExecutionLimits limits, ExecutionLog log, Bytes blob) throws IOException {
    PrivateKey key = PrivateKey.generate(RANDOM);
    provider =
        Host.start(
            HostConfig.of(
                key,
                List.of(Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                "ap2p/bench"));
    requester = Host.start(HostConfig.of(PrivateKey.generate(RANDOM), List.of(), "ap2p/bench"));
    service = new TaskService(provider, key, SystemClock.INSTANCE, limits, log, id -> -1L);
    service.add(new ServedCapability(template(ECHO, key), new EchoHandler()));
    service.add(new ServedCapability(template(BLOB, key), new BlobHandler(blob)));
    provider.handle(SOURCE, TaskRig::source);
    transport = provider.listenAddrs().get(0);
  }

  private static CapabilityDescriptor template(String id, PrivateKey key) {
    String version = id + "/1";
    String json = TEMPLATE.formatted(id, id, id.substring("bench-".length()), version);
    try {
      return DescriptorSigning.fromTemplate(
          Json.parse(json.getBytes(StandardCharsets.UTF_8)), key, Instant.now());
    } catch (JsonFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new connection from A to B (a fresh TCP + Noise + yamux session). */
  Connection connect() throws IOException {
    Connection c = requester.connect(transport);
    if (!c.remotePeer().equals(provider.peerId())) {
      throw new IOException("connected to " + c.remotePeer());
    }
    return c;
  }

  /**
   * One task attempt of {@code capability} on {@code c}, blocking; with {@code verify} the receipt
   * is checked as a requester does before it uses the result.
   *
   * @return the output
   * @throws IllegalStateException if the attempt or the receipt check failed
   */
  Bytes call(Connection c, String capability, Bytes input, boolean receipt, boolean verify) {
    Bytes nonce = nonce();
    TaskMessage.Invoke invoke =
        new TaskMessage.Invoke(
            "t" + taskIds.incrementAndGet(),
            capability,
            0,
            "application/octet-stream",
            input.length(),
            TIMEOUT.toMillis(),
            nonce,
            receipt);
    long sent = System.currentTimeMillis();
    TaskClient.Outcome o =
        new TaskClient(TaskLimits.PROTOCOL).call(c, invoke, input, TIMEOUT, (f, m) -> {});
    if (!(o instanceof TaskClient.Outcome.Completed done)) {
      throw new IllegalStateException(capability + " failed: " + o);
    }
    Bytes output = done.result().output();
    if (verify) {
      Verdict<SignedReceipt> v =
          verifier.verify(
              done.result().receipt(),
              new ReceiptVerifier.Expected(
                  provider.peerId(),
                  input,
                  nonce,
                  output,
                  capability + "/1",
                  sent,
                  System.currentTimeMillis(),
                  capability),
              false);
      if (!v.isAccepted()) {
        throw new IllegalStateException("receipt of " + capability + " rejected: " + v);
      }
    }
    return output;
  }

  private static Bytes nonce() {
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    return Bytes.wrap(n);
  }

  /** Reads {@code bytes} from a raw {@link #SOURCE} stream on {@code c}. */
  static void pull(Connection c, long bytes) throws IOException {
    try (Stream s = c.newStream(SOURCE)) {
      s.out().write(Long.toString(bytes).getBytes(StandardCharsets.US_ASCII));
      s.closeWrite();
      byte[] buf = new byte[64 * 1024];
      long n = 0;
      InputStream in = s.in();
      for (int r; (r = in.read(buf)) >= 0; ) {
        n += r;
      }
      if (n != bytes) {
        throw new IOException("source sent " + n + " of " + bytes + " bytes");
      }
    }
  }

  /** Writes what the dialler asked for in 64 KiB writes, as NetBenchmark's sender does. */
  private static void source(Stream s) throws IOException {
    long bytes = Long.parseLong(new String(s.in().readAllBytes(), StandardCharsets.US_ASCII));
    byte[] chunk = new byte[64 * 1024];
    OutputStream out = s.out();
    for (long left = bytes; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, left));
    }
    s.close();
  }

  @Override
  public void close() {
    service.close();
    requester.close();
    provider.close();
  }
}
