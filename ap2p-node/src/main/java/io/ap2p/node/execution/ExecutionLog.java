package io.ap2p.node.execution;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;

/**
 * Where a node records the tasks it serves and delegates and the receipts it gives and receives;
 * the node's database implements it. Each call returns once the record is durable.
 */
public interface ExecutionLog {

  /** Records nothing: a node without a data directory. */
  ExecutionLog NONE = new ExecutionLog() {};

  /** A task from {@code requester} for {@code capability} started on this node (provider role). */
  default void served(String taskId, PeerId requester, String capability, long atMillis) {}

  /** A served task ended with {@code state} (SUCCEEDED, FAILED, CANCELLED …). */
  default void servedEnded(
      String taskId, PeerId requester, String state, String detail, long atMillis) {}

  /** This node signed {@code receipt} for {@code requester}; durable before the result is sent. */
  default void receiptGiven(
      SignedReceipt receipt, PeerId requester, String capability, long atMillis) {}

  /** The hash of the last receipt this node gave, to chain the next one to (empty: none yet). */
  default Optional<Bytes> lastGivenHash() {
    return Optional.empty();
  }

  /** This node delegated a task (requester role); {@code requestJson} describes it. */
  default void delegated(String taskId, String kind, String requestJson, long atMillis) {}

  /** A delegated task changed state; {@code resultJson} is its current summary. */
  default void delegationUpdated(
      String taskId, String state, String detail, String resultJson, long atMillis) {}

  /** This node accepted {@code receipt} from {@code provider} for a delegated task. */
  default void receiptReceived(
      String taskId, SignedReceipt receipt, PeerId provider, String capability, long atMillis) {}
}
