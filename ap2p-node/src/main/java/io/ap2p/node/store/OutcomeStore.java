package io.ap2p.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The outcomes this node saw of other peers' work: the evidence its reputation scores rest on. */
public final class OutcomeStore {

  private final Database db;

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
            List<Outcome> out = new ArrayList<>();
            while (rs.next()) {
              out.add(
                  new Outcome(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getInt(3) == 1,
                      rs.getString(4),
                      rs.getLong(5)));
            }
            return out;
          }
        });
  }
}
