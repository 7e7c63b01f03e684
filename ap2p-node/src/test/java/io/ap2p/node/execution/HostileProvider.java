package io.ap2p.node.execution;

import io.ap2p.core.execution.task.ProviderSide;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Stream;
import io.ap2p.node.Node;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real provider node whose task protocol handler misbehaves: it registers a genuine signed
 * descriptor that out-claims honest ones (so requesters try it first), then answers tasks wrongly.
 */
final class HostileProvider {

  /** How it misbehaves. */
  enum Behaviour {
    /** ERROR FAILED. */
    ERROR,
    /** Reads the task and never answers. */
    SILENT,
    /** Garbage bytes instead of frames. */
    GARBAGE,
    /** RESULT declaring more output than any requester accepts. */
    OVERSIZED,
    /** Correct-looking output with a receipt signed by another identity. */
    FOREIGN_RECEIPT,
    /** A receipt of an earlier task (another nonce). */
    REPLAYED_RECEIPT,
    /** A receipt for other output than the output sent. */
    WRONG_DIGEST
  }

  static final String TAG = "text.summarize";

  private HostileProvider() {}

  /** A capability spec for {@code builtin} that claims the best QoS and a short deadline. */
  static CapabilitySpec boasting(String builtin, long deadlineMs) throws Exception {
    String entry =
        """
        {"capabilities": [{"builtin": "%s", "descriptor": {
          "qos": {"latencyP50Ms": 1, "latencyP95Ms": 2, "successRate": 1.0},
          "constraints": {"maxInputBytes": 65536, "deadlineMs": %d, "sideEffect": "none",
                          "requiredTier": 0}}}]}
        """
            .formatted(builtin, deadlineMs);
    return CapabilitiesFile.parse(
            Bytes.wrap(entry.getBytes(StandardCharsets.UTF_8)), java.nio.file.Path.of(""))
        .get(0);
  }

  /** Starts a hostile provider of {@link #TAG} in {@code net}. */
  static Node start(LoopbackNetwork net, String name, Behaviour b) throws Exception {
    Node n =
        net.start(
            name,
            false,
            Optional.of(net.registryAddr),
            List.of(boasting(TAG, 1500)),
            ExecutionLimits.DEFAULTS);
    LoopbackNetwork.awaitDiscoverable(n);
    PrivateKey other = PrivateKey.generate(LoopbackNetwork.RANDOM);
    AtomicReference<SignedReceipt> earlier = new AtomicReference<>();
    n.host()
        .handle(
            io.ap2p.core.execution.task.TaskCodec.PROTOCOL,
            s -> misbehave(s, b, n, other, earlier));
    return n;
  }

  private static void misbehave(
      Stream s, Behaviour b, Node n, PrivateKey other, AtomicReference<SignedReceipt> earlier)
      throws IOException {
    ProviderSide side = new ProviderSide(TaskLimits.PROTOCOL);
    TaskMessage.Invoke inv = null;
    Bytes input = Bytes.EMPTY;
    try {
      while (true) {
        Optional<TaskMessage> m = TaskFrames.read(s.in(), TaskLimits.PROTOCOL);
        if (m.isEmpty()) {
          return;
        }
        ProviderSide.Event e = side.onFrame(m.get());
        if (e instanceof ProviderSide.Event.Invoked i) {
          inv = i.invoke();
          if (inv.inputLength() == 0) {
            break;
          }
        } else if (e instanceof ProviderSide.Event.InputComplete c) {
          input = c.input();
          break;
        } else if (!(e instanceof ProviderSide.Event.InputPart)) {
          s.reset();
          return;
        }
      }
    } catch (io.ap2p.core.execution.task.TaskFormatException e) {
      s.reset();
      return;
    }
    Bytes output = Bytes.wrap("a plausible summary".getBytes(StandardCharsets.UTF_8));
    long now = System.currentTimeMillis();
    switch (b) {
      case ERROR -> TaskFrames.write(s.out(), side.error(TaskErrorCode.FAILED, "no luck"));
      case SILENT -> {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      case GARBAGE -> s.out().write(new byte[] {5, 1, 2, 3, 4, 5, 6, 7});
      case OVERSIZED -> {
        // a hand-made RESULT frame declaring 1 GiB of output: envelope v1, field 6 {2: 2^30}
        byte[] result = {
          0x08, 0x01, 0x32, 0x06, 0x10, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04
        };
        s.out().write(io.ap2p.core.wire.Varint.encode(result.length));
        s.out().write(result);
      }
      case FOREIGN_RECEIPT -> {
        SignedReceipt r =
            SignedReceipt.sign(body(other, inv, input, output, inv.nonce(), now), other);
        TaskFrames.writeAll(s.out(), side.result(output, "text/plain", Optional.of(r)));
      }
      case REPLAYED_RECEIPT -> {
        SignedReceipt r = earlier.get();
        SignedReceipt fresh =
            SignedReceipt.sign(
                body(n.options().identity(), inv, input, output, inv.nonce(), now),
                n.options().identity());
        earlier.compareAndSet(null, fresh);
        SignedReceipt sent =
            r != null
                ? r
                : SignedReceipt.sign(
                    body(n.options().identity(), inv, input, output, Bytes.wrap(new byte[16]), now),
                    n.options().identity());
        TaskFrames.writeAll(s.out(), side.result(output, "text/plain", Optional.of(sent)));
      }
      case WRONG_DIGEST -> {
        Bytes claimed = Bytes.wrap("the output the receipt names".getBytes(StandardCharsets.UTF_8));
        SignedReceipt r =
            SignedReceipt.sign(
                body(n.options().identity(), inv, input, claimed, inv.nonce(), now),
                n.options().identity());
        TaskFrames.writeAll(s.out(), side.result(output, "text/plain", Optional.of(r)));
      }
    }
    s.closeWrite();
  }

  private static SignedReceipt.Body body(
      PrivateKey signer, TaskMessage.Invoke inv, Bytes input, Bytes output, Bytes nonce, long now) {
    return new SignedReceipt.Body(
        signer.peerId(),
        inv.taskId(),
        Digests.sha256(input),
        Digests.sha256(output),
        "evil/1",
        "",
        now,
        now,
        nonce,
        SignedReceipt.GENESIS);
  }
}
