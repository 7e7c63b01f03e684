package io.ap2p.node.store;

import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * The identity proofs ({@link IdentityProof}) minted for this node's keys, one per peer id, so a
 * restart does not pay again; a new key (a rotation) has none until it mints its own. A stored
 * proof is re-checked when read (one hash): a row that does not give its bits is ignored.
 */
public final class IdentityProofStore {

  private final Database db;

  IdentityProofStore(Database db) {
    this.db = db;
  }

  /**
   * Keeps {@code proof} for {@code peer} unless a proof of more bits is kept already; whether it
   * was kept.
   *
   * @throws IllegalArgumentException if {@code proof} does not give {@code peer} its bits
   */
  public boolean put(PeerId peer, IdentityProof.Minted proof, long atMillis) {
    if (IdentityProof.bits(peer, proof.counter()) != proof.bits()) {
      throw new IllegalArgumentException("not a proof of " + proof.bits() + " bits for " + peer);
    }
    return db.call(
        "store identity proof of " + peer,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO identity_proofs (peer, counter, bits, hashes, at_millis)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (peer) DO UPDATE SET"
                      + " counter = excluded.counter, bits = excluded.bits,"
                      + " hashes = excluded.hashes, at_millis = excluded.at_millis"
                      + " WHERE excluded.bits > identity_proofs.bits")) {
            ps.setString(1, peer.toString());
            ps.setBytes(2, proof.counter().toByteArray());
            ps.setInt(3, proof.bits());
            ps.setLong(4, proof.hashes());
            ps.setLong(5, atMillis);
            return ps.executeUpdate() > 0;
          }
        });
  }

  /** The proof kept for {@code peer}, re-checked; empty when none or when it does not hold. */
  public Optional<IdentityProof.Minted> get(PeerId peer) {
    return db.call(
        "read identity proof of " + peer,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT counter, bits, hashes FROM identity_proofs WHERE peer = ?")) {
            ps.setString(1, peer.toString());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              Bytes counter = Bytes.wrap(rs.getBytes(1));
              int bits = IdentityProof.bits(peer, counter);
              if (bits < rs.getInt(2) || counter.length() != IdentityProof.BYTES) {
                return Optional.empty(); // edited or damaged: as if none
              }
              return Optional.of(new IdentityProof.Minted(counter, bits, rs.getLong(3)));
            }
          }
        });
  }
}
