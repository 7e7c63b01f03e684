package io.ap2p.node.execution;

import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.incentives.ReciprocityLedger;
import io.ap2p.core.incentives.ServicePolicy;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.ReceiptDirection;
import io.ap2p.node.store.RevocationStore;
import java.util.HashMap;
import java.util.Map;

/**
 * The node's reciprocity ledger and its rules. The ledger is a function of the receipts table (each
 * receipt is stored with its price), so it is durable with them and rebuilt from them at start;
 * {@link #gave} and {@link #received} keep the in-memory copy current as receipts are added.
 */
public final class Reciprocity {

  private final ReciprocityLedger ledger = new ReciprocityLedger();
  private final ExecutionLimits.Incentives rules;

  /** An empty ledger under {@code rules} (a node without a data directory). */
  public Reciprocity(ExecutionLimits.Incentives rules) {
    this.rules = java.util.Objects.requireNonNull(rules, "rules");
  }

  /** The ledger rebuilt from {@code db}'s receipts, under {@code rules}. */
  public static Reciprocity rebuild(Database db, ExecutionLimits.Incentives rules) {
    Reciprocity r = new Reciprocity(rules);
    Map<PeerId, long[]> sums = new HashMap<>(); // given µ, received µ, given n, received n
    // receipts stay under the key that signed them; a hand-over moved the credit of those stored
    // before it was taken, and only those, as the ledger in memory did (revocation.md)
    Map<String, RevocationStore.Succession> successions = db.revocations().successionTimes();
    for (RevocationStore.LedgerTotals t : db.revocations().ledgerTotals()) {
      PeerId peer;
      try {
        peer =
            PeerId.parse(
                t.handedOver() ? RevocationStore.carriedTo(successions, t.peer()) : t.peer());
      } catch (KeyFormatException | IllegalArgumentException e) {
        continue; // not a peer id (cannot happen for rows this node wrote)
      }
      long[] s = sums.computeIfAbsent(peer, p -> new long[4]);
      int i = t.direction() == ReceiptDirection.GIVEN ? 0 : 1;
      s[i] += t.priceMicros();
      s[i + 2] += t.count();
    }
    sums.forEach(
        (peer, s) -> r.ledger.restore(peer, new ReciprocityLedger.Account(s[0], s[1], s[2], s[3])));
    return r;
  }

  /**
   * How a provider learns, before serving a key it has no account for, of hand-overs that carry an
   * old key's account over to it (docs/revocation.md).
   */
  public interface Introductions {
    /** Answers other nodes' requests for this node's own hand-overs on {@code host}. */
    void serve(io.ap2p.net.host.Host host);

    /** Asks {@code stranger} for its hand-overs and takes the valid ones (a bounded wait). */
    void introduce(io.ap2p.net.host.Host host, PeerId stranger);
  }

  private volatile Introductions introductions;

  /** Learns of strangers' hand-overs through {@code i} from now on. */
  public void introductions(Introductions i) {
    this.introductions = i;
  }

  /** Serves this node's own hand-overs on {@code host}, if there are introductions. */
  public void serveIntroductions(io.ap2p.net.host.Host host) {
    Introductions i = introductions;
    if (i != null) {
      i.serve(host);
    }
  }

  /**
   * Before serving {@code requester}: learns of the hand-overs that lead to it, if it was not asked
   * (the account of its old key then moves to it); the introductions decide whom they ask.
   */
  public void introduce(io.ap2p.net.host.Host host, PeerId requester) {
    Introductions i = introductions;
    if (i != null) {
      i.introduce(host, requester);
    }
  }

  /** {@code peer}'s balance here, in micro-units. */
  public long balanceMicros(PeerId peer) {
    return ledger.balanceMicros(peer);
  }

  /** This node gave {@code peer} a receipt for a task worth {@code priceMicros}. */
  public void gave(PeerId peer, long priceMicros) {
    ledger.gave(peer, priceMicros);
  }

  /** This node accepted {@code peer}'s receipt for a task worth {@code priceMicros}. */
  public void received(PeerId peer, long priceMicros) {
    ledger.received(peer, priceMicros);
  }

  /** The provider's policy. */
  public ServicePolicy policy() {
    return rules.policy();
  }

  /** The most stamp bits this node mints as requester. */
  public int maxStampBits() {
    return rules.maxStampBits();
  }

  /** The ledger itself (a copy of its accounts through {@link ReciprocityLedger#snapshot}). */
  public ReciprocityLedger ledger() {
    return ledger;
  }
}
