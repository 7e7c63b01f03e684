package io.ap2p.node.execution;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.ReceiptDirection;
import io.ap2p.node.store.StoreException;
import io.ap2p.node.store.StoredEvidence;
import io.ap2p.node.store.StoredReceipt;
import io.ap2p.node.store.TaskRecord;
import io.ap2p.node.store.TaskRole;
import java.util.Optional;

/**
 * The execution log in the node's database. A served task is one row, written when it ends,
 * together with its receipt in one commit; rows are keyed {@code <requester>/<task id>} (task ids
 * are the requester's, so two requesters may pick the same one). A failure to record a task without
 * a receipt is logged, not fatal; a failure to record a receipt given is fatal to that task (the
 * result is not sent without it).
 */
public final class DatabaseLog implements ExecutionLog {

  private static final System.Logger LOG = System.getLogger(DatabaseLog.class.getName());

  private final Database db;

  /** A log in {@code db}. */
  public DatabaseLog(Database db) {
    this.db = db;
  }

  @Override
  public void served(ServedTask t) {
    String key = key(t.requester(), t.taskId());
    Runnable record =
        () -> {
          db.tasks()
              .insert(
                  new TaskRecord(
                      key,
                      TaskRole.PROVIDER,
                      "serve",
                      t.requester().toString(),
                      t.capability(),
                      t.state(),
                      cut(t.detail()),
                      "",
                      "",
                      t.startedAtMillis(),
                      t.endedAtMillis()));
          t.receipt()
              .ifPresent(
                  r ->
                      db.receipts()
                          .add(
                              new StoredReceipt(
                                  ReceiptDirection.GIVEN,
                                  key,
                                  t.requester().toString(),
                                  t.capability(),
                                  ReceiptCodec.encode(r),
                                  r.hash(),
                                  t.endedAtMillis(),
                                  t.priceMicros())));
        };
    if (t.receipt().isPresent()) {
      // the receipt must be durable: a failure here is the task's (no RESULT without it)
      db.atomically("record served task " + key, record);
    } else {
      quietly(() -> db.atomically("record served task " + key, record));
    }
  }

  @Override
  public void receiptAttested(PeerId requester, String taskId, SignedReceipt attested) {
    String key = key(requester, taskId);
    quietly(() -> db.receipts().attested(key, attested.hash(), ReceiptCodec.encode(attested)));
  }

  @Override
  public boolean served(PeerId requester, String taskId) {
    try {
      return db.tasks().get(TaskRole.PROVIDER, key(requester, taskId)).isPresent();
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.WARNING, "task log: " + e.getMessage());
      return false;
    }
  }

  @Override
  public Optional<Bytes> lastGivenHash() {
    return db.receipts().lastGivenHash();
  }

  @Override
  public void delegated(String taskId, String kind, String requestJson, long atMillis) {
    quietly(
        () ->
            db.tasks()
                .insert(
                    TaskRecord.started(
                        taskId, TaskRole.REQUESTER, kind, "", "", cut(requestJson), atMillis)));
  }

  @Override
  public void delegationUpdated(
      String taskId, String state, String detail, String resultJson, long atMillis) {
    quietly(
        () ->
            db.tasks()
                .update(TaskRole.REQUESTER, taskId, state, cut(detail), resultJson, atMillis));
  }

  @Override
  public void outcome(PeerId peer, String tag, boolean ok, String kind, long atMillis) {
    quietly(() -> db.outcomes().record(peer.toString(), tag, ok, kind, atMillis));
  }

  @Override
  public void receiptReceived(
      String taskId, SignedReceipt receipt, PeerId provider, String capability, long atMillis) {
    quietly(
        () ->
            db.receipts()
                .add(
                    new StoredReceipt(
                        ReceiptDirection.RECEIVED,
                        taskId,
                        provider.toString(),
                        capability.isEmpty() ? "?" : capability,
                        ReceiptCodec.encode(receipt),
                        receipt.hash(),
                        atMillis)));
  }

  @Override
  public void delegationEvidence(DelegationEvidence e) {
    quietly(
        () ->
            db.atomically(
                "record the evidence of task " + e.taskId(),
                () -> {
                  db.receipts()
                      .add(
                          new StoredReceipt(
                              ReceiptDirection.RECEIVED,
                              e.taskId(),
                              e.provider().toString(),
                              e.capability().isEmpty() ? "?" : e.capability(),
                              ReceiptCodec.encode(e.receipt()),
                              e.receipt().hash(),
                              e.atMillis(),
                              e.priceMicros()));
                  db.evidence()
                      .put(
                          new StoredEvidence(
                              e.taskId(),
                              e.sentTaskId(),
                              e.provider().toString(),
                              e.capability().isEmpty() ? "?" : e.capability(),
                              e.descriptor(),
                              e.requestDigest(),
                              e.nonce(),
                              e.atMillis()));
                }));
  }

  private static String key(PeerId requester, String taskId) {
    return requester + "/" + taskId;
  }

  private static String cut(String s) {
    return s.length() > 1000 ? s.substring(0, 1000) : s;
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (StoreException | IllegalArgumentException e) {
      LOG.log(System.Logger.Level.WARNING, "task log: " + e.getMessage());
    }
  }
}
