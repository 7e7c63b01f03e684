package io.ap2p.core.execution.task;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed messages behind the golden files and the worked example of docs/task-protocol.md: a
 * requester asks provider {@code Fixtures.key(1)} to run {@code image-gen} on a 27-byte JSON
 * prompt, gets one PROGRESS, then a RESULT with a 12-byte output and a signed receipt. Ed25519
 * signatures are deterministic, so the bytes are too.
 */
final class TaskSamples {

  static final PrivateKey PROVIDER = Fixtures.key(1);
  static final PrivateKey ATTESTOR = Fixtures.key(2);
  static final long STARTED = Fixtures.T0.toEpochMilli();

  static final Bytes NONCE =
      Bytes.fromHex("a1b2c3d4e5f60718293a4b5c6d7e8f90"); // 16 bytes, fresh per attempt
  static final Bytes INPUT =
      Bytes.wrap("{\"prompt\":\"draw a red fox\"}".getBytes(StandardCharsets.UTF_8));
  static final Bytes OUTPUT = Bytes.fromHex("89504e470d0a1a0a0000000d"); // a PNG's first bytes

  static final TaskMessage.Invoke INVOKE =
      new TaskMessage.Invoke(
          "task-7f3a", "image-gen", 7, "application/json", INPUT.length(), 30_000, NONCE, true);

  static final SignedReceipt RECEIPT =
      SignedReceipt.sign(
          new SignedReceipt.Body(
              PROVIDER.peerId(),
              "task-7f3a",
              Digests.sha256(INPUT),
              Digests.sha256(OUTPUT),
              "imagegen",
              "sdxl-1.0",
              STARTED,
              STARTED + 2_500,
              NONCE,
              SignedReceipt.GENESIS),
          PROVIDER);

  static final TaskMessage.Progress PROGRESS = new TaskMessage.Progress(0.5, "sampling");
  static final TaskMessage.Result RESULT =
      new TaskMessage.Result("image/png", OUTPUT.length(), Optional.of(RECEIPT));

  private TaskSamples() {}

  /** The worked example's frames in stream order, by golden file name. */
  static Map<String, TaskMessage> example() {
    Map<String, TaskMessage> m = new LinkedHashMap<>();
    m.put("invoke", INVOKE);
    m.put("data", new TaskMessage.Data(INPUT));
    m.put("progress", PROGRESS);
    m.put("result", RESULT);
    m.put("result-data", new TaskMessage.Data(OUTPUT));
    return m;
  }

  /** One golden file per message kind, plus the example's output chunk and an attested RESULT. */
  static Map<String, TaskMessage> golden() {
    Map<String, TaskMessage> m = example();
    m.put("cancel", new TaskMessage.Cancel("no longer needed"));
    m.put("error", new TaskMessage.Error(TaskErrorCode.BUSY, "3 tasks running, queue full"));
    m.put(
        "result-attested",
        new TaskMessage.Result(
            "image/png", OUTPUT.length(), Optional.of(RECEIPT.attestedBy(ATTESTOR))));
    return m;
  }
}
