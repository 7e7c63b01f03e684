package io.ap2p.node.store;

import io.ap2p.core.wire.Bytes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed revocations this node holds (each until its retention ends) and the key hand-overs it
 * carried reputation across: at a hand-over the old key's stored outcomes move to the successor,
 * and the reciprocity ledger, rebuilt from receipts (which stay as they were signed), follows
 * {@link #successions}. Bounded by {@link #MAX_ROWS}.
 */
public final class RevocationStore {

  /** Most revocations kept; past it the ones that expire first go. */
  public static final int MAX_ROWS = 100_000;

  private final Database db;

  RevocationStore(Database db) {
    this.db = db;
  }

  /** Keeps a verified revocation of {@code peer} until {@code retainUntilMillis}. */
  public void add(String peer, Bytes encoded, long retainUntilMillis) {
    Limits.id("peer", peer);
    if (encoded.length() > io.ap2p.core.trust.revocation.RevocationCodec.MAX_BYTES) {
      throw new IllegalArgumentException("a revocation has at most 512 bytes");
    }
    db.call(
        "keep a revocation of " + peer,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO revocations (peer, encoded, retain_until_millis)"
                      + " VALUES (?, ?, ?)")) {
            ps.setString(1, peer);
            ps.setBytes(2, encoded.toByteArray());
            ps.setLong(3, retainUntilMillis);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM revocations WHERE id IN (SELECT id FROM revocations"
                      + " ORDER BY retain_until_millis DESC LIMIT -1 OFFSET ?)")) {
            ps.setInt(1, MAX_ROWS);
            return ps.executeUpdate();
          }
        });
  }

  /** The revocations still retained at {@code nowMillis}, oldest first; drops the others. */
  public List<Bytes> live(long nowMillis) {
    return db.call(
        "list revocations",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM revocations WHERE retain_until_millis <= ?")) {
            ps.setLong(1, nowMillis);
            ps.executeUpdate();
          }
          List<Bytes> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT encoded FROM revocations ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(Bytes.wrap(rs.getBytes(1)));
            }
          }
          return out;
        });
  }

  /**
   * Records that {@code oldPeer} handed over to {@code newPeer} and moves its outcomes to it, in
   * one transaction; returns how many outcomes moved (0 when this hand-over was recorded before).
   */
  public int handOver(String oldPeer, String newPeer, long atMillis) {
    Limits.id("old peer", oldPeer);
    Limits.id("new peer", newPeer);
    return db.transaction(
        "carry " + oldPeer + " over to " + newPeer,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO successions (old_peer, new_peer, at_millis)"
                      + " VALUES (?, ?, ?)")) {
            ps.setString(1, oldPeer);
            ps.setString(2, newPeer);
            ps.setLong(3, atMillis);
            if (ps.executeUpdate() == 0) {
              return 0;
            }
          }
          trimSuccessions(c);
          return moveOutcomes(c, oldPeer, newPeer);
        });
  }

  /**
   * Undoes the recorded hand-over of {@code oldPeer} to {@code newPeer} (a compromise voided it):
   * drops it and moves {@code newPeer}'s outcomes back to {@code oldPeer}, in one transaction;
   * returns how many outcomes moved (0 when no such hand-over was recorded).
   */
  public int voidHandOver(String oldPeer, String newPeer) {
    Limits.id("old peer", oldPeer);
    Limits.id("new peer", newPeer);
    return db.transaction(
        "void " + oldPeer + "'s hand-over to " + newPeer,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM successions WHERE old_peer = ? AND new_peer = ?")) {
            ps.setString(1, oldPeer);
            ps.setString(2, newPeer);
            if (ps.executeUpdate() == 0) {
              return 0;
            }
          }
          return moveOutcomes(c, newPeer, oldPeer); // a delete needs no trim
        });
  }

  // keeps the newest MAX_SUCCESSIONS hand-overs; the oldest go first
  private static void trimSuccessions(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM successions WHERE rowid IN (SELECT rowid FROM successions"
                + " ORDER BY at_millis, rowid LIMIT max(0, (SELECT count(*) FROM"
                + " successions) - ?))")) {
      ps.setInt(1, MAX_SUCCESSIONS);
      ps.executeUpdate();
    }
  }

  // moves every outcome recorded for peer {@code from} to peer {@code to}; returns how many
  private static int moveOutcomes(Connection c, String from, String to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE outcomes SET peer = ? WHERE peer = ?")) {
      ps.setString(1, to);
      ps.setString(2, from);
      return ps.executeUpdate();
    }
  }

  /** Most keys refused for good; past it the oldest go. */
  public static final int MAX_TOMBSTONES = 100_000;

  /** Refuses {@code peer} for good (a compromised key this node holds records of). */
  public void tombstone(String peer, long atMillis) {
    Limits.id("peer", peer);
    db.call(
        "refuse " + peer + " for good",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO revoked_keys (peer, at_millis) VALUES (?, ?)")) {
            ps.setString(1, peer);
            ps.setLong(2, atMillis);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM revoked_keys WHERE peer IN (SELECT peer FROM revoked_keys"
                      + " ORDER BY at_millis DESC LIMIT -1 OFFSET ?)")) {
            ps.setInt(1, MAX_TOMBSTONES);
            return ps.executeUpdate();
          }
        });
  }

  /** The keys refused for good, oldest first. */
  public List<String> tombstones() {
    return db.call(
        "list keys refused for good",
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT peer FROM revoked_keys ORDER BY at_millis, peer");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
        });
  }

  /** Every recorded hand-over, old peer to new peer, in the order recorded. */
  public Map<String, String> successions() {
    return db.call(
        "list successions",
        c -> {
          Map<String, String> out = new LinkedHashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT old_peer, new_peer FROM successions ORDER BY at_millis, rowid");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getString(2));
            }
          }
          return out;
        });
  }

  /** A recorded hand-over: to whom, and when this node took it. */
  public record Succession(String newPeer, long atMillis) {}

  /** Every recorded hand-over, by old peer, with the time it was taken. */
  public Map<String, Succession> successionTimes() {
    return db.call(
        "list successions",
        c -> {
          Map<String, Succession> out = new LinkedHashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT old_peer, new_peer, at_millis FROM successions"
                          + " ORDER BY at_millis, rowid");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), new Succession(rs.getString(2), rs.getLong(3)));
            }
          }
          return out;
        });
  }

  /**
   * Receipt totals per peer and direction, those stored up to the peer's recorded hand-over apart
   * from those stored after it ({@code handedOver}): only the first moved with the hand-over.
   */
  public record LedgerTotals(
      String peer, ReceiptDirection direction, boolean handedOver, long count, long priceMicros) {}

  /** The receipts' totals, split at each peer's hand-over (see {@link LedgerTotals}). */
  public List<LedgerTotals> ledgerTotals() {
    return db.call(
        "sum the receipts per peer and hand-over",
        c -> {
          List<LedgerTotals> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT r.peer, r.direction,"
                          + " (s.at_millis IS NOT NULL AND r.at_millis <= s.at_millis),"
                          + " count(*), sum(r.price_micros) FROM receipts r"
                          + " LEFT JOIN successions s ON s.old_peer = r.peer"
                          + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new LedgerTotals(
                      rs.getString(1),
                      ReceiptDirection.valueOf(rs.getString(2)),
                      rs.getInt(3) == 1,
                      rs.getLong(4),
                      rs.getLong(5)));
            }
          }
          return out;
        });
  }

  /**
   * Where credit that moved from {@code peer} with its hand-over ends up: down the recorded
   * hand-overs, each taken only if it was taken after the credit arrived (as the in-memory ledger
   * moved it), at most {@link #MAX_HOPS} hops, stopping at a loop.
   */
  public static String carriedTo(Map<String, Succession> successions, String peer) {
    Succession first = successions.get(peer);
    if (first == null) {
      return peer;
    }
    String p = first.newPeer();
    long arrived = first.atMillis();
    java.util.Set<String> seen = new java.util.HashSet<>(List.of(peer, p));
    for (int hops = 1; hops < MAX_HOPS; hops++) {
      Succession next = successions.get(p);
      if (next == null || next.atMillis() < arrived || !seen.add(next.newPeer())) {
        break;
      }
      p = next.newPeer();
      arrived = next.atMillis();
    }
    return p;
  }

  /**
   * Most hand-overs recorded (only those of keys the node had records of are); beyond it the oldest
   * is forgotten: receipts stored before it count for the old key again at the next start.
   */
  public static final int MAX_SUCCESSIONS = 100_000;

  /** Most hand-overs followed from one key. */
  public static final int MAX_HOPS = 16;

  /**
   * {@code peer}'s latest successor through the recorded hand-overs (itself when none): followed at
   * most {@link #MAX_HOPS} hops, and stopping before a key already passed (a loop).
   */
  public static String latest(Map<String, String> successions, String peer) {
    String p = peer;
    java.util.Set<String> seen = new java.util.HashSet<>(List.of(peer));
    for (int hops = 0; hops < MAX_HOPS && successions.containsKey(p); hops++) {
      String next = successions.get(p);
      if (!seen.add(next)) {
        break;
      }
      p = next;
    }
    return p;
  }
}
