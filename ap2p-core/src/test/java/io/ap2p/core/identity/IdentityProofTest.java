package io.ap2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.wire.Bytes;
import org.junit.jupiter.api.Test;

/** An identity proof meets its difficulty, binds its peer id only, and is cheap to check. */
class IdentityProofTest {

  static final PeerId PEER = Fixtures.key(1).peerId();
  static final PeerId OTHER = Fixtures.key(2).peerId();

  @Test
  void aMintedProofHasItsBitsAndIsDeterministic() {
    IdentityProof.Minted m = IdentityProof.mint(PEER, 12);
    assertThat(m.counter().length()).isEqualTo(IdentityProof.BYTES);
    assertThat(m.bits()).isGreaterThanOrEqualTo(12);
    assertThat(IdentityProof.bits(PEER, m.counter())).isEqualTo(m.bits());
    assertThat(IdentityProof.holds(PEER, m.counter(), 12)).isTrue();
    assertThat(m.hashes()).isPositive();
    assertThat(IdentityProof.mint(PEER, 12)).isEqualTo(m);
    // the counter is the (hashes - 1)th tried, big-endian
    long c = 0;
    for (int i = 0; i < IdentityProof.BYTES; i++) {
      c = (c << 8) | (m.counter().get(i) & 0xff);
    }
    assertThat(c).isEqualTo(m.hashes() - 1);
  }

  @Test
  void theEncodingIsFrozen() {
    // a vector computed independently (Python's hashlib and cryptography): key 1 of the test
    // fixtures at 8 bits; changing the domain, the field layout or the counter's byte order
    // changes this counter, and other implementations break
    IdentityProof.Minted m = IdentityProof.mint(PEER, 8);
    assertThat(m.counter().toHex()).isEqualTo(FROZEN_8_BITS);
    assertThat(IdentityProof.bits(PEER, Bytes.fromHex(FROZEN_8_BITS))).isGreaterThanOrEqualTo(8);
  }

  static final String FROZEN_8_BITS = "0000000000000012";

  @Test
  void aProofDoesNotCarryOverToAnotherPeer() {
    Bytes counter = IdentityProof.mint(PEER, 16).counter();
    // 16 bits by chance for the other peer: probability 2^-16, and these are fixed inputs
    assertThat(IdentityProof.bits(OTHER, counter)).isLessThan(16);
    assertThat(IdentityProof.holds(OTHER, counter, 16)).isFalse();
  }

  @Test
  void tooFewBitsDoNotHold() {
    IdentityProof.Minted m = IdentityProof.mint(PEER, 8);
    assertThat(IdentityProof.holds(PEER, m.counter(), m.bits() + 1)).isFalse();
    assertThat(IdentityProof.holds(PEER, m.counter(), m.bits())).isTrue();
    assertThat(IdentityProof.holds(PEER, Bytes.EMPTY, 0)).isTrue(); // nothing asked
  }

  @Test
  void hostileCountersScoreZero() {
    assertThat(IdentityProof.bits(PEER, Bytes.EMPTY)).isZero();
    assertThat(IdentityProof.bits(PEER, Bytes.wrap(new byte[7]))).isZero();
    assertThat(IdentityProof.bits(PEER, Bytes.wrap(new byte[9]))).isZero();
    assertThat(IdentityProof.bits(PEER, Bytes.wrap(new byte[4096]))).isZero();
    Bytes good = IdentityProof.mint(PEER, 10).counter();
    byte[] truncated = java.util.Arrays.copyOf(good.toByteArray(), 7);
    assertThat(IdentityProof.holds(PEER, Bytes.wrap(truncated), 1)).isFalse();
  }

  @Test
  void bitsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> IdentityProof.mint(PEER, 33))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> IdentityProof.mint(PEER, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(IdentityProof.checkBits(0)).isZero();
    assertThat(IdentityProof.checkBits(32)).isEqualTo(32);
    assertThatThrownBy(() -> new IdentityProof.Minted(Bytes.wrap(new byte[7]), 8, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMintStopsWhenToldAndFinishesWhenLeftAlone() {
    int[] asked = {0};
    // 32 bits: about 2^32 hashes; told to stop after three checks, it stops within 3 x CHECK_EVERY
    assertThat(IdentityProof.mint(PEER, 32, () -> ++asked[0] <= 3)).isEmpty();
    assertThat(asked[0]).isEqualTo(4);
    IdentityProof.Minted m = IdentityProof.mint(PEER, 10);
    assertThat(IdentityProof.mint(PEER, 10, () -> true)).contains(m);
  }

  @Test
  void zeroBitsCountsLeadingZeros() {
    assertThat(io.ap2p.core.identity.Hashcash.zeroBits(new byte[] {(byte) 0x80})).isZero();
    assertThat(io.ap2p.core.identity.Hashcash.zeroBits(new byte[] {0, 1})).isEqualTo(15);
    assertThat(io.ap2p.core.identity.Hashcash.zeroBits(new byte[] {0, 0})).isEqualTo(16);
  }
}
