package io.ap2p.node.trust;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.Reputation;
import io.ap2p.node.execution.WorkflowService;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * The node's Tier 1 view as its owner sees it: every peer's standing, one peer's recent history,
 * and forgetting a peer in memory and in the database. The view itself is the requester's {@link
 * Reputation} (aging with the node's clock), rebuilt at start from the stored outcomes.
 */
public final class TrustBook {

  /** Most history rows {@link #history} returns. */
  public static final int MAX_HISTORY = 100;

  private final WorkflowService workflows;
  private final Optional<Database> database;
  private volatile RevocationBook revocations;

  /** The view of {@code workflows}, kept in {@code database} when there is one. */
  public TrustBook(WorkflowService workflows, Optional<Database> database) {
    this.workflows = workflows;
    this.database = database;
  }

  /**
   * Prunes the stored outcomes (retention, see {@link io.ap2p.node.store.OutcomeStore}) and replays
   * the rest into the view, each aged from its recorded time; returns how many were replayed.
   */
  public int restore(long nowMillis) {
    if (database.isEmpty()) {
      return 0;
    }
    database.get().outcomes().prune(nowMillis);
    List<Outcome> all = database.get().outcomes().all();
    workflows.restore(all);
    return all.size();
  }

  /**
   * The revocations this node holds; at each hand-over they take, what this view and {@code ledger}
   * know of the old key moves to its successor.
   */
  public void revocations(RevocationBook book, io.ap2p.node.execution.Reciprocity ledger) {
    book.carryOver(this, ledger);
    this.revocations = book;
  }

  /** The revocations this node holds (docs/revocation.md). */
  public RevocationBook revocations() {
    return revocations;
  }

  /** Every peer the view holds, best first. */
  public List<Reputation.Entry> entries() {
    return workflows.withReputation(Reputation::entries);
  }

  /** One peer's standing, if the view holds it. */
  public Optional<Reputation.Entry> entry(PeerId peer) {
    return workflows.withReputation(r -> r.entry(peer));
  }

  /** The peer's overall score (0 for a stranger). */
  public double overallScore(PeerId peer) {
    return workflows.withReputation(r -> r.overallScore(peer));
  }

  /** The newest {@code limit} outcomes recorded of {@code peer} (none without a database). */
  public List<Outcome> history(PeerId peer, int limit) {
    return database
        .map(db -> db.outcomes().recent(peer.toString(), Math.min(limit, MAX_HISTORY)))
        .orElse(List.of());
  }

  /**
   * Forgets {@code peer}: its outcomes leave the database and the view, so it is a newcomer again.
   * Returns whether anything was held.
   */
  public boolean forget(PeerId peer) {
    int rows = database.map(db -> db.outcomes().forget(peer.toString())).orElse(0);
    boolean held = workflows.withReputation(r -> r.forget(peer));
    return held || rows > 0;
  }

  /** The reputation view itself, under the lock the runs share. */
  public <T> T withReputation(java.util.function.Function<Reputation, T> f) {
    return workflows.withReputation(f);
  }
}
