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

  /**
   * A task this node served ended; with a receipt, this returns once both are durable, and the
   * provider sends the RESULT only after (so a requester never holds a receipt its provider lost).
   */
  default void served(ServedTask task) {}

  /** Whether this node already served task {@code taskId} of {@code requester}. */
  default boolean served(PeerId requester, String taskId) {
    return false;
  }

  /** The hash of the last receipt this node gave, to chain the next one to (empty: none yet). */
  default Optional<Bytes> lastGivenHash() {
    return Optional.empty();
  }

  /** This node delegated a task (requester role); {@code requestJson} describes it. */
  default void delegated(String taskId, String kind, String requestJson, long atMillis) {}

  /** A delegated task changed state; {@code resultJson} is its current summary. */
  default void delegationUpdated(
      String taskId, String state, String detail, String resultJson, long atMillis) {}

  /**
   * What this node saw of {@code peer}'s work on {@code tag}: a result it accepted ({@code ok}) or
   * an attempt that failed; the evidence its reputation view is rebuilt from after a restart.
   */
  default void outcome(PeerId peer, String tag, boolean ok, String kind, long atMillis) {}

  /**
   * The receipt this node gave for {@code requester}'s task {@code taskId} came back countersigned
   * as {@code attested} (same body, so same hash): the stored copy gains the countersignature.
   */
  default void receiptAttested(PeerId requester, String taskId, SignedReceipt attested) {}

  /** This node accepted {@code receipt} from {@code provider} for a delegated task. */
  default void receiptReceived(
      String taskId, SignedReceipt receipt, PeerId provider, String capability, long atMillis) {}

  /**
   * This node accepted a delegated step's result with {@code e.receipt()}: the receipt (priced for
   * the reciprocity ledger) and what a dispute needs besides it, recorded together.
   */
  default void delegationEvidence(DelegationEvidence e) {
    receiptReceived(e.taskId(), e.receipt(), e.provider(), e.capability(), e.atMillis());
  }

  /**
   * A delegated step's evidence, kept by the requester.
   *
   * @param taskId the requester's key of the step ({@code run/step})
   * @param sentTaskId the task id sent in the INVOKE
   * @param receipt the provider's receipt, checked and accepted
   * @param provider the provider
   * @param capability the capability id invoked
   * @param descriptor the signed descriptor the provider was chosen under, in its wire form
   * @param requestDigest SHA-256 of the input sent
   * @param nonce the INVOKE's nonce
   * @param priceMicros the task's price for the ledger (the descriptor's cost hint)
   * @param atMillis when the result was accepted
   */
  record DelegationEvidence(
      String taskId,
      String sentTaskId,
      SignedReceipt receipt,
      PeerId provider,
      String capability,
      Bytes descriptor,
      Bytes requestDigest,
      Bytes nonce,
      long priceMicros,
      long atMillis) {}

  /**
   * A task served by this node, as recorded when it ended.
   *
   * @param taskId the requester's task id
   * @param requester who asked
   * @param capability the capability id
   * @param state SUCCEEDED, FAILED or CANCELLED
   * @param detail why it failed ("" on success)
   * @param startedAtMillis when the handler started
   * @param endedAtMillis when the answer was ready
   * @param receipt the receipt given with the result, if one was asked for
   * @param priceMicros the task's price for the reciprocity ledger (the descriptor's cost hint)
   */
  record ServedTask(
      String taskId,
      PeerId requester,
      String capability,
      String state,
      String detail,
      long startedAtMillis,
      long endedAtMillis,
      Optional<SignedReceipt> receipt,
      long priceMicros) {

    /** A task priced at one credit unit. */
    public ServedTask(
        String taskId,
        PeerId requester,
        String capability,
        String state,
        String detail,
        long startedAtMillis,
        long endedAtMillis,
        Optional<SignedReceipt> receipt) {
      this(
          taskId,
          requester,
          capability,
          state,
          detail,
          startedAtMillis,
          endedAtMillis,
          receipt,
          io.ap2p.core.incentives.ReciprocityLedger.UNIT_MICROS);
    }
  }
}
