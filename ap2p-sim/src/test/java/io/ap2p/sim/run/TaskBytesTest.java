package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.execution.Delegation;
import io.ap2p.core.execution.Task;
import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Varint;
import io.ap2p.sim.world.Offers;
import io.ap2p.sim.world.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulator's task bytes are the lengths of the frames the real codec writes. */
class TaskBytesTest {

  static final PrivateKey KEY = PrivateKey.fromSeed(Bytes.wrap(new byte[32]));
  static final PrivateKey ATTESTOR = PrivateKey.fromSeed(bytes(32, 99));

  final SignedDescriptor target;

  TaskBytesTest() throws Exception {
    Provider p = new Provider(0, Provider.Kind.HONEST, Offers.IMAGE, 1500, KEY);
    CapabilityDescriptor t =
        Offers.template(
            p, PointRunTest.point(), java.util.List.of(ATTESTOR.peerId()), PointRun.EPOCH_MILLIS);
    CapabilityDescriptor d =
        new CapabilityDescriptor(
            t.peer(),
            t.addrs(),
            t.id(),
            PointRun.EPOCH_MILLIS, // the seq a publisher gives it: its issue time
            t.issuedAt(),
            t.ttlSeconds(),
            t.intent(),
            t.io(),
            t.constraints(),
            t.state(),
            t.qos(),
            t.verification());
    this.target = DescriptorSigning.sign(d, KEY);
  }

  /** The bytes on the stream of {@code messages}: each frame and its varint length prefix. */
  static long onTheStream(List<? extends TaskMessage> messages) {
    long n = 0;
    for (TaskMessage m : messages) {
      int len = TaskCodec.encode(m).length();
      n += Varint.size(len) + len;
    }
    return n;
  }

  static Bytes bytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return Bytes.wrap(b);
  }

  @Test
  void anInvocationIsItsInvokeFrameAndItsInputInChunks() throws Exception {
    int chunk = TaskLimits.PROTOCOL.maxChunk();
    for (int size : List.of(0, 1, 64, chunk, chunk + 1, 3 * chunk + 7)) {
      Task task = Task.fresh(Offers.IMAGE, bytes(size, size), new SplittableRandom(size));
      var inv = new Delegation.Action.Invoke(1, target, task, false, true);
      TaskMessage.Invoke invoke = TaskBytes.invoke(inv, 30_000);
      // what the sim builds is a valid message that decodes to itself
      assertThat(TaskCodec.decode(TaskCodec.encode(invoke), TaskLimits.PROTOCOL)).isEqualTo(invoke);
      List<TaskMessage> frames = new ArrayList<>(List.of(invoke));
      frames.addAll(TaskCodec.chunks(task.input(), chunk));
      assertThat(TaskBytes.invocation(inv, 30_000)).as("%d B", size).isEqualTo(onTheStream(frames));
    }
  }

  @Test
  void theInvokeCarriesTheTaskAndTheDescriptorItWasChosenUnder() {
    Task task = Task.fresh(Offers.IMAGE, bytes(64, 1), new SplittableRandom(1));
    TaskMessage.Invoke m =
        TaskBytes.invoke(new Delegation.Action.Invoke(2, target, task, true, false), 0);
    assertThat(m.taskId()).isEqualTo(task.id());
    assertThat(m.capabilityId()).isEqualTo(target.descriptor().id());
    assertThat(m.seq()).isEqualTo(PointRun.EPOCH_MILLIS);
    assertThat(m.inputLength()).isEqualTo(64);
    assertThat(m.nonce()).isEqualTo(task.nonce());
    assertThat(m.deadlineMillis()).as("a deadline already due still asks for 1 ms").isEqualTo(1);
    assertThat(m.receiptWanted()).isFalse();
  }

  @Test
  void everyTaskIdAndNonceTheSimulatorDrawsIsValidOnTheWire() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      Task task = Task.fresh(Offers.PUBLISH, Bytes.wrap(new byte[32]), random);
      // the constructor checks the id (1-64 of [A-Za-z0-9._:-]) and the nonce (8-64 bytes)
      TaskBytes.invoke(new Delegation.Action.Invoke(1, target, task, false, false), 30_000);
    }
  }

  @Test
  void aResultIsItsResultFrameWithTheReceiptAndItsOutputInChunks() {
    Bytes out = bytes(32, 7);
    SignedReceipt receipt =
        SignedReceipt.sign(
                new SignedReceipt.Body(
                    KEY.peerId(),
                    "0123456789abcdef",
                    Digests.sha256(bytes(64, 1)),
                    Digests.sha256(out),
                    "sim-image.generate",
                    Offers.VERSION,
                    PointRun.EPOCH_MILLIS,
                    PointRun.EPOCH_MILLIS + 1500,
                    bytes(16, 2),
                    SignedReceipt.GENESIS),
                KEY)
            .attestedBy(ATTESTOR);
    for (Optional<SignedReceipt> r :
        List.of(Optional.<SignedReceipt>empty(), Optional.of(receipt))) {
      List<TaskMessage> frames =
          new ArrayList<>(List.of(new TaskMessage.Result(TaskBytes.MEDIA_TYPE, 32, r)));
      frames.addAll(TaskCodec.chunks(out, TaskLimits.PROTOCOL.maxChunk()));
      assertThat(TaskBytes.result(new TaskResult(out, r))).isEqualTo(onTheStream(frames));
    }
    assertThat(TaskBytes.result(new TaskResult(out, Optional.of(receipt))))
        .isGreaterThan(TaskBytes.result(new TaskResult(out, Optional.empty())) + 2 * 64);
  }

  @Test
  void anErrorIsOneErrorFrame() {
    assertThat(TaskBytes.error("internal error"))
        .isEqualTo(
            onTheStream(List.of(new TaskMessage.Error(TaskErrorCode.FAILED, "internal error"))));
  }
}
