package io.ap2p.node.execution;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The provider's receipts: each signed over the hash of the one before (the first of a node over
 * {@link SignedReceipt#GENESIS}), and recorded durably, in chain order, before it is handed out.
 */
final class ReceiptChain {

  private final PrivateKey identity;
  private final ExecutionLog log;
  private final ReentrantLock lock = new ReentrantLock();
  private Bytes last; // guarded by lock

  /** A chain signed by {@code identity}, continuing from the last receipt {@code log} holds. */
  ReceiptChain(PrivateKey identity, ExecutionLog log) {
    this.identity = identity;
    this.log = log;
    this.last = log.lastGivenHash().orElse(SignedReceipt.GENESIS);
  }

  /**
   * Signs the receipt of {@code task}'s run (input, output, tool {@code tool}, version {@code
   * version}, request nonce {@code nonce}, the handler's {@code trace}) and records it with the
   * task; returns it once durable.
   *
   * @throws RuntimeException if it cannot be recorded (the result must not go out then)
   */
  SignedReceipt sign(
      ExecutionLog.ServedTask task,
      Bytes input,
      Bytes output,
      String tool,
      String version,
      Bytes nonce,
      Trace trace) {
    lock.lock();
    try {
      SignedReceipt r =
          SignedReceipt.sign(
              new SignedReceipt.Body(
                  identity.peerId(),
                  task.taskId(),
                  Digests.sha256(input),
                  Digests.sha256(output),
                  tool,
                  version,
                  task.startedAtMillis(),
                  task.endedAtMillis(),
                  nonce,
                  last,
                  task.capability(),
                  trace),
              identity);
      log.served(
          new ExecutionLog.ServedTask(
              task.taskId(),
              task.requester(),
              task.capability(),
              task.state(),
              task.detail(),
              task.startedAtMillis(),
              task.endedAtMillis(),
              Optional.of(r),
              task.priceMicros()));
      last = r.hash();
      return r;
    } finally {
      lock.unlock();
    }
  }
}
