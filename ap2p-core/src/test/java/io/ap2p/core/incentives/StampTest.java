package io.ap2p.core.incentives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import org.junit.jupiter.api.Test;

/**
 * A stamp meets its difficulty, binds its task, provider, requester and nonce, and is cheap to
 * check.
 */
class StampTest {

  static final PeerId REQUESTER = Fixtures.key(1).peerId();
  static final PeerId PROVIDER = Fixtures.key(2).peerId();
  static final Bytes NONCE = Bytes.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

  @Test
  void aMintedStampHasItsBitsAndIsDeterministic() {
    Stamp.Minted m = Stamp.mint(REQUESTER, PROVIDER, "t-1", NONCE, 12);
    assertThat(Stamp.bits(REQUESTER, PROVIDER, "t-1", NONCE, m.stamp())).isGreaterThanOrEqualTo(12);
    assertThat(m.stamp().length()).isEqualTo(Stamp.BYTES);
    assertThat(m.hashes()).isPositive();
    assertThat(Stamp.mint(REQUESTER, PROVIDER, "t-1", NONCE, 12)).isEqualTo(m);
  }

  @Test
  void aStampDoesNotCarryOverToAnotherTaskProviderRequesterOrNonce() {
    Bytes s = Stamp.mint(REQUESTER, PROVIDER, "t-1", NONCE, 16).stamp();
    // 16 bits by chance elsewhere: probability 2^-16 per check; these four are fixed inputs
    assertThat(Stamp.bits(REQUESTER, PROVIDER, "t-2", NONCE, s)).isLessThan(16);
    assertThat(Stamp.bits(REQUESTER, Fixtures.key(3).peerId(), "t-1", NONCE, s)).isLessThan(16);
    assertThat(Stamp.bits(Fixtures.key(3).peerId(), PROVIDER, "t-1", NONCE, s)).isLessThan(16);
    Bytes other = Bytes.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 9});
    assertThat(Stamp.bits(REQUESTER, PROVIDER, "t-1", other, s)).isLessThan(16);
  }

  @Test
  void hostileStampsScoreZeroOrLow() {
    assertThat(Stamp.bits(REQUESTER, PROVIDER, "t-1", NONCE, Bytes.EMPTY)).isZero();
    assertThat(Stamp.bits(REQUESTER, PROVIDER, "t-1", NONCE, Bytes.wrap(new byte[7]))).isZero();
    assertThat(Stamp.bits(REQUESTER, PROVIDER, "t-1", NONCE, Bytes.wrap(new byte[16]))).isZero();
    assertThatThrownBy(() -> Stamp.mint(REQUESTER, PROVIDER, "t", NONCE, 33))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stamp.checkBits(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMintStopsWhenToldAndFinishesWhenLeftAlone() {
    int[] asked = {0};
    // 32 bits: about 2^32 hashes; told to stop after three checks, it stops within 3 x CHECK_EVERY
    assertThat(Stamp.mint(REQUESTER, PROVIDER, "t-1", NONCE, 32, () -> ++asked[0] <= 3)).isEmpty();
    assertThat(asked[0]).isEqualTo(4);
    Stamp.Minted m = Stamp.mint(REQUESTER, PROVIDER, "t-1", NONCE, 12);
    assertThat(Stamp.mint(REQUESTER, PROVIDER, "t-1", NONCE, 12, () -> true)).contains(m);
  }

  @Test
  void zeroBitsCountsLeadingZeros() {
    assertThat(io.ap2p.core.identity.Hashcash.zeroBits(new byte[] {0, 0x10})).isEqualTo(11);
    assertThat(io.ap2p.core.identity.Hashcash.zeroBits(new byte[] {(byte) 0x80})).isZero();
    assertThat(io.ap2p.core.identity.Hashcash.zeroBits(new byte[] {0, 0})).isEqualTo(16);
  }
}
