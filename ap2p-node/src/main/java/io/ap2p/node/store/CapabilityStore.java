package io.ap2p.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The capabilities this node serves and publishes, so that a restart republishes them. */
public final class CapabilityStore {

  private final Database db;

  CapabilityStore(Database db) {
    this.db = db;
  }

  /** Adds the capability {@code id}, or replaces its configuration and time if present. */
  public void put(String id, String configJson, long atMillis) {
    StoredCapability cap = new StoredCapability(id, configJson, atMillis);
    db.call(
        "store capability " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO capabilities (id, config, added_at_millis) VALUES (?, ?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET config = excluded.config,"
                      + " added_at_millis = excluded.added_at_millis")) {
            ps.setString(1, cap.id());
            ps.setString(2, cap.config());
            ps.setLong(3, cap.addedAtMillis());
            return ps.executeUpdate();
          }
        });
  }

  /** Removes the capability {@code id}; whether it was there. */
  public boolean remove(String id) {
    Limits.id("id", id);
    return db.call(
        "remove capability " + id,
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM capabilities WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  /** Every stored capability, ordered by id. */
  public List<StoredCapability> all() {
    return db.call(
        "list capabilities",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, config, added_at_millis FROM capabilities ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            List<StoredCapability> out = new ArrayList<>();
            while (rs.next()) {
              out.add(new StoredCapability(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
            return out;
          }
        });
  }
}
