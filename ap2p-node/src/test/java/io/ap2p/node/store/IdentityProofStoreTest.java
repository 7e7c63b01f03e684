package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity proofs are kept per key across a reopen, a weaker one never replaces a stronger one, and
 * a row that does not hold (edited, damaged) reads as none.
 */
class IdentityProofStoreTest {

  @TempDir Path dir;

  final PeerId peer = PrivateKey.generate(new SecureRandom()).peerId();

  @Test
  void aProofIsKeptAcrossAReopenAndOnlyAStrongerOneReplacesIt() {
    IdentityProof.Minted ten = IdentityProof.mint(peer, 10);
    IdentityProof.Minted four = IdentityProof.mint(peer, 4);
    try (Database db = Database.open(dir)) {
      assertThat(db.identityProofs().get(peer)).isEmpty();
      assertThat(db.identityProofs().put(peer, ten, 1)).isTrue();
      if (four.bits() < ten.bits()) {
        assertThat(db.identityProofs().put(peer, four, 2)).isFalse();
      }
    }
    try (Database db = Database.open(dir)) {
      assertThat(db.identityProofs().get(peer)).contains(ten);
      PeerId other = PrivateKey.generate(new SecureRandom()).peerId();
      assertThat(db.identityProofs().get(other)).isEmpty(); // bound to the key
    }
  }

  @Test
  void anotherPeersProofIsNotStoredAndAnEditedRowReadsAsNone() {
    PeerId other = PrivateKey.generate(new SecureRandom()).peerId();
    IdentityProof.Minted theirs = IdentityProof.mint(other, 12);
    if (IdentityProof.bits(peer, theirs.counter()) != theirs.bits()) {
      try (Database db = Database.open(dir)) {
        assertThatThrownBy(() -> db.identityProofs().put(peer, theirs, 1))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
    IdentityProof.Minted mine = IdentityProof.mint(peer, 8);
    try (Database db = Database.open(dir)) {
      db.identityProofs().put(peer, mine, 1);
      // someone claims more bits than the counter gives
      db.call(
          "edit",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE identity_proofs SET bits = 40 WHERE peer = ?")) {
              ps.setString(1, peer.toString());
              return ps.executeUpdate();
            }
          });
      assertThat(db.identityProofs().get(peer)).isEmpty();
      // and the schema refuses a counter of the wrong length
      assertThatThrownBy(
              () ->
                  db.call(
                      "bad length",
                      c -> {
                        try (PreparedStatement ps =
                            c.prepareStatement(
                                "UPDATE identity_proofs SET counter = x'00' WHERE peer = ?")) {
                          ps.setString(1, peer.toString());
                          return ps.executeUpdate();
                        }
                      }))
          .isInstanceOf(StoreException.class);
    }
  }
}
