package io.ap2p.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outcomes this node saw of other peers' work: the evidence its reputation scores rest on.
 * Bounded: {@link #prune} keeps at most {@link #MAX_ROWS} rows, none older than {@link #MAX_AGE},
 * and {@link #record} prunes after every {@link #PRUNE_EVERY} records.
 */
public final class OutcomeStore {

  /** Most outcomes kept; past it the oldest go first. */
  public static final int MAX_ROWS = 100_000;

  /**
   * Oldest outcome kept: eight of the reputation view's 7-day half-lives, when its weight is below
   * 0.4% of a fresh one.
   */
  public static final Duration MAX_AGE = Duration.ofDays(56);

  /** Records between two prunes. */
  static final int PRUNE_EVERY = 1000;

  private final Database db;
  private final AtomicInteger sincePrune = new AtomicInteger();

  OutcomeStore(Database db) {
    this.db = db;
  }

  /** Records an outcome. */
  public void record(String peer, String tag, boolean ok, String kind, long atMillis) {
    Outcome o = new Outcome(peer, tag, ok, kind, atMillis);
    db.call(
        "record an outcome of " + peer,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO outcomes (peer, tag, ok, kind, at_millis) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, o.peer());
            ps.setString(2, o.tag());
            ps.setInt(3, o.ok() ? 1 : 0);
            ps.setString(4, o.kind());
            ps.setLong(5, o.atMillis());
            return ps.executeUpdate();
          }
        });
    if (sincePrune.incrementAndGet() >= PRUNE_EVERY) {
      sincePrune.set(0);
      prune(atMillis);
    }
  }

  /**
   * Drops outcomes older than {@link #MAX_AGE} at {@code nowMillis} and all but the newest {@link
   * #MAX_ROWS}; returns how many went.
   */
  public int prune(long nowMillis) {
    return prune(nowMillis, MAX_AGE, MAX_ROWS);
  }

  /** Drops outcomes older than {@code maxAge} and all but the newest {@code maxRows}. */
  public int prune(long nowMillis, Duration maxAge, int maxRows) {
    return db.call(
        "prune outcomes",
        c -> {
          int n;
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM outcomes WHERE at_millis < ?")) {
            ps.setLong(1, nowMillis - maxAge.toMillis());
            n = ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM outcomes WHERE id <= (SELECT id FROM outcomes ORDER BY id DESC"
                      + " LIMIT 1 OFFSET ?)")) {
            ps.setInt(1, maxRows);
            n += ps.executeUpdate();
          }
          return n;
        });
  }

  /** Drops every outcome of {@code peer}; returns how many went. */
  public int forget(String peer) {
    return db.call(
        "forget outcomes of " + peer,
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM outcomes WHERE peer = ?")) {
            ps.setString(1, peer);
            return ps.executeUpdate();
          }
        });
  }

  /** The newest {@code limit} outcomes of {@code peer}, newest first. */
  public List<Outcome> recent(String peer, int limit) {
    return db.call(
        "list outcomes of " + peer,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT peer, tag, ok, kind, at_millis FROM outcomes WHERE peer = ?"
                      + " ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, peer);
            ps.setInt(2, Math.max(0, Math.min(limit, Limits.MAX_RECENT)));
            try (ResultSet rs = ps.executeQuery()) {
              return read(rs);
            }
          }
        });
  }

  /** How many outcomes are kept. */
  public int count() {
    return db.call(
        "count outcomes",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outcomes");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  /** Every outcome, in the order recorded. */
  public List<Outcome> all() {
    return db.call(
        "list outcomes",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT peer, tag, ok, kind, at_millis FROM outcomes ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            return read(rs);
          }
        });
  }

  private static List<Outcome> read(ResultSet rs) throws java.sql.SQLException {
    List<Outcome> out = new ArrayList<>();
    while (rs.next()) {
      out.add(
          new Outcome(
              rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getString(4), rs.getLong(5)));
    }
    return out;
  }
}
