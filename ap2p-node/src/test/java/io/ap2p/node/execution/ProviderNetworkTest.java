package io.ap2p.node.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Stream;
import io.ap2p.node.Node;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.handler.BuiltIns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Real provider and requester nodes on loopback, with helpers for serving test capabilities. */
abstract class ProviderNetworkTest {

  @TempDir Path dir;
  LoopbackNetwork net;

  @BeforeEach
  void network() throws Exception {
    net = new LoopbackNetwork(dir);
  }

  @AfterEach
  void close() {
    net.close();
  }

  /** An exec capability {@code id} with tag {@code tag} running {@code sh -c script}. */
  static CapabilitySpec exec(String id, String tag, String script, long deadlineMs)
      throws Exception {
    return exec(id, tag, script, deadlineMs, 0.9);
  }

  /** As above, claiming {@code successRate} (a higher claim ranks first). */
  static CapabilitySpec exec(
      String id, String tag, String script, long deadlineMs, double successRate) throws Exception {
    ObjectNode t = (ObjectNode) Json.parse(BuiltIns.template("text.summarize").getBytes());
    t.putObject("qos")
        .put("latencyP50Ms", 100)
        .put("latencyP95Ms", 200)
        .put("successRate", successRate);
    t.put("id", id);
    ((ObjectNode) t.get("intent")).putArray("tags").add(tag);
    ((ObjectNode) t.get("constraints")).put("deadlineMs", deadlineMs).put("maxInputBytes", 1024);
    ObjectNode entry = Json.MAPPER.createObjectNode();
    ObjectNode handler = entry.putObject("handler");
    handler.put("type", "exec");
    handler.putArray("command").add("sh").add("-c").add(script);
    entry.set("descriptor", t);
    ObjectNode file = Json.MAPPER.createObjectNode();
    file.putArray("capabilities").add(entry);
    return CapabilitiesFile.parse(Bytes.wrap(Json.MAPPER.writeValueAsBytes(file)), Path.of(""))
        .get(0);
  }

  Node serving(String name, ExecutionLimits limits, CapabilitySpec... specs) throws Exception {
    Node n = net.start(name, false, Optional.of(net.registryAddr), List.of(specs), limits);
    LoopbackNetwork.awaitDiscoverable(n);
    return n;
  }

  static TaskMessage.Invoke invoke(String capability, long seq, long inputLength) {
    return new TaskMessage.Invoke(
        Long.toHexString(System.nanoTime()),
        capability,
        seq,
        "text/plain",
        inputLength,
        10_000,
        Bytes.wrap(new byte[16]),
        false);
  }

  static long seq(Node provider, String id) {
    return provider.provider().get().status().stream()
        .filter(s -> s.capabilityId().equals(id))
        .findFirst()
        .orElseThrow()
        .seq();
  }

  /** The first frame the provider answers with, or null when it reset or closed without one. */
  static TaskMessage readAnswer(Stream s) {
    try {
      return TaskFrames.read(s.in(), TaskLimits.PROTOCOL).orElse(null);
    } catch (Exception e) {
      return null;
    }
  }

  /** Raw frame bytes for hostile streams. */
  static final class TaskFramesBytes {
    static byte[] frame(TaskMessage m) {
      byte[] enc = TaskCodec.encode(m).toByteArray();
      return concat(io.ap2p.core.wire.Varint.encode(enc.length), enc);
    }

    static byte[] truncated(TaskMessage m) {
      byte[] f = frame(m);
      return java.util.Arrays.copyOf(f, f.length - 3);
    }

    static byte[] concat(byte[] a, byte[] b) {
      byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }
  }

  static ExecutionLimits oneSlot() {
    return ExecutionLimits.DEFAULTS.withConcurrency(1, 1, 0, 0);
  }

  Connection connect(Node from, Node to) throws Exception {
    return from.host().connect(to.host().listenAddrs().get(0).withPeerId(to.host().peerId()));
  }

  static TaskMessage.Invoke invoke(String capability, long seq, long inputLength, long deadline) {
    return new TaskMessage.Invoke(
        Long.toHexString(System.nanoTime()),
        capability,
        seq,
        "text/plain",
        inputLength,
        deadline,
        Bytes.wrap(new byte[16]),
        false);
  }

  /** Waits for {@code file} to hold a pid and returns its process. */
  static ProcessHandle child(Path file) throws Exception {
    LoopbackNetwork.await(
        () -> {
          try {
            return Files.exists(file) && !Files.readString(file).isBlank();
          } catch (java.io.IOException e) {
            return false;
          }
        },
        Duration.ofSeconds(10));
    long pid = Long.parseLong(Files.readString(file).trim());
    return ProcessHandle.of(pid).orElseThrow();
  }
}
