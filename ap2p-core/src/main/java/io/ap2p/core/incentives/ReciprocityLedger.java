package io.ap2p.core.incentives;

import io.ap2p.core.discovery.Price;
import io.ap2p.core.identity.PeerId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's reciprocity ledger: per peer, the work this node did for it and the work it did for
 * this node, each counted from a signed receipt (one this node gave as provider, or one it received
 * and accepted as requester) and priced by the capability's cost hint ({@link #priceMicros}).
 *
 * <p>A peer's {@linkplain #balance balance} is what it gave minus what it took: contributors are
 * positive, free riders negative, strangers zero. It is direct reciprocity (as in BitTorrent's
 * tit-for-tat and IPFS Bitswap's ledgers): a peer earns credit only with the nodes it served,
 * because only their own receipts count. Thread-safe; bounded to {@link #maxPeers} accounts (the
 * one with the smallest activity goes first when full, never a peer just credited).
 */
public final class ReciprocityLedger {

  /** One credit unit in micro-units: the price of a task whose descriptor states no cost. */
  public static final long UNIT_MICROS = 1_000_000;

  /** Largest price counted for one task, in micro-units (a hostile descriptor cannot flood it). */
  public static final long MAX_PRICE_MICROS = 1_000L * UNIT_MICROS;

  /** Default bound on accounts kept. */
  public static final int DEFAULT_MAX_PEERS = 100_000;

  /**
   * What one peer and this node did for each other.
   *
   * @param givenMicros work this node did for the peer (receipts this node gave it)
   * @param receivedMicros work the peer did for this node (its receipts this node accepted)
   * @param givenTasks tasks this node served for the peer
   * @param receivedTasks tasks the peer served for this node
   */
  public record Account(
      long givenMicros, long receivedMicros, long givenTasks, long receivedTasks) {

    /** A peer with no record. */
    public static final Account EMPTY = new Account(0, 0, 0, 0);

    /** Checks that every count is non-negative. */
    public Account {
      if (givenMicros < 0 || receivedMicros < 0 || givenTasks < 0 || receivedTasks < 0) {
        throw new IllegalArgumentException("ledger counts are non-negative");
      }
    }

    /** What the peer gave minus what it took, in micro-units. */
    public long balanceMicros() {
      return receivedMicros - givenMicros;
    }

    Account plus(Account o) {
      return new Account(
          Math.addExact(givenMicros, o.givenMicros),
          Math.addExact(receivedMicros, o.receivedMicros),
          givenTasks + o.givenTasks,
          receivedTasks + o.receivedTasks);
    }
  }

  private final Map<PeerId, Account> accounts = new HashMap<>();
  private final int maxPeers;

  /** A ledger of at most {@link #DEFAULT_MAX_PEERS} accounts. */
  public ReciprocityLedger() {
    this(DEFAULT_MAX_PEERS);
  }

  /** A ledger of at most {@code maxPeers} accounts. */
  public ReciprocityLedger(int maxPeers) {
    if (maxPeers < 1) {
      throw new IllegalArgumentException("a ledger holds at least one account");
    }
    this.maxPeers = maxPeers;
  }

  /**
   * The price of one task in micro-units: the descriptor's cost hint (its price's amount; currency
   * is not converted) when it is above zero, else one {@link #UNIT_MICROS unit}; at most {@link
   * #MAX_PRICE_MICROS}.
   */
  public static long priceMicros(Optional<Price> costHint) {
    double amount = costHint.map(Price::amount).orElse(0.0);
    if (!(amount > 0)) {
      return UNIT_MICROS;
    }
    return Math.max(1, Math.min(MAX_PRICE_MICROS, Math.round(amount * 1e6)));
  }

  /** This node served {@code peer} a task worth {@code micros} (a receipt it gave). */
  public void gave(PeerId peer, long micros) {
    add(peer, new Account(checkPrice(micros), 0, 1, 0));
  }

  /** {@code peer} served this node a task worth {@code micros} (its receipt, accepted). */
  public void received(PeerId peer, long micros) {
    add(peer, new Account(0, checkPrice(micros), 0, 1));
  }

  /** Sets {@code peer}'s account as stored (when a node rebuilds its ledger after a restart). */
  public synchronized void restore(PeerId peer, Account account) {
    Objects.requireNonNull(account, "account");
    makeRoom(peer);
    accounts.put(Objects.requireNonNull(peer, "peer"), account);
  }

  /**
   * Adds {@code from}'s account to {@code to}'s and drops {@code from}'s (a key rotation the old
   * key signed, docs/revocation.md).
   */
  public synchronized void transfer(PeerId from, PeerId to) {
    if (from.equals(to)) {
      return;
    }
    Account a = accounts.remove(Objects.requireNonNull(from, "from"));
    if (a != null) {
      add(to, a);
    }
  }

  /** {@code peer}'s account ({@link Account#EMPTY} for a stranger). */
  public synchronized Account account(PeerId peer) {
    return accounts.getOrDefault(peer, Account.EMPTY);
  }

  /** {@code peer}'s balance in micro-units: positive for a contributor, 0 for a stranger. */
  public long balanceMicros(PeerId peer) {
    return account(peer).balanceMicros();
  }

  /** How many peers have an account. */
  public synchronized int size() {
    return accounts.size();
  }

  /** A copy of every account. */
  public synchronized Map<PeerId, Account> snapshot() {
    return Map.copyOf(accounts);
  }

  private synchronized void add(PeerId peer, Account delta) {
    Objects.requireNonNull(peer, "peer");
    Account old = accounts.get(peer);
    if (old == null) {
      makeRoom(peer);
      old = Account.EMPTY;
    }
    accounts.put(peer, old.plus(delta));
  }

  private void makeRoom(PeerId keep) {
    if (accounts.size() < maxPeers || accounts.containsKey(keep)) {
      return;
    }
    PeerId victim = null;
    long least = Long.MAX_VALUE;
    for (Map.Entry<PeerId, Account> e : accounts.entrySet()) {
      Account a = e.getValue();
      long activity = a.givenMicros() + a.receivedMicros();
      if (activity < least
          || (activity == least
              && victim != null
              && e.getKey().toString().compareTo(victim.toString()) < 0)) {
        least = activity;
        victim = e.getKey();
      }
    }
    accounts.remove(victim);
  }

  private static long checkPrice(long micros) {
    if (micros < 1 || micros > MAX_PRICE_MICROS) {
      throw new IllegalArgumentException(
          "a task's price is 1 to " + MAX_PRICE_MICROS + " micro-units, not " + micros);
    }
    return micros;
  }
}
