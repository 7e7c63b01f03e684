package io.ap2p.core.incentives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Price;
import io.ap2p.core.identity.PeerId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Balances from work given and received, prices from cost hints, a bounded size. */
class ReciprocityLedgerTest {

  static final PeerId A = Fixtures.key(1).peerId();
  static final PeerId B = Fixtures.key(2).peerId();
  static final PeerId C = Fixtures.key(3).peerId();

  @Test
  void contributorsArePositiveFreeRidersNegativeStrangersZero() {
    ReciprocityLedger l = new ReciprocityLedger();
    l.received(A, 3_000_000);
    l.gave(A, 1_000_000);
    l.gave(B, 2_000_000);
    assertThat(l.balanceMicros(A)).isEqualTo(2_000_000);
    assertThat(l.balanceMicros(B)).isEqualTo(-2_000_000);
    assertThat(l.balanceMicros(C)).isZero();
    assertThat(l.account(A)).isEqualTo(new ReciprocityLedger.Account(1_000_000, 3_000_000, 1, 1));
  }

  @Test
  void pricesComeFromCostHintsWithAUnitForFreeOnes() {
    assertThat(ReciprocityLedger.priceMicros(Optional.empty())).isEqualTo(1_000_000);
    assertThat(ReciprocityLedger.priceMicros(Optional.of(new Price(0, "USD"))))
        .isEqualTo(1_000_000);
    assertThat(ReciprocityLedger.priceMicros(Optional.of(new Price(0.25, "USD"))))
        .isEqualTo(250_000);
    assertThat(ReciprocityLedger.priceMicros(Optional.of(new Price(1e12, "USD"))))
        .isEqualTo(ReciprocityLedger.MAX_PRICE_MICROS);
    assertThat(ReciprocityLedger.priceMicros(Optional.of(new Price(1e-9, "USD")))).isEqualTo(1);
  }

  @Test
  void refusesOutOfRangePricesAndStaysBounded() {
    ReciprocityLedger l = new ReciprocityLedger(2);
    assertThatThrownBy(() -> l.gave(A, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> l.gave(A, ReciprocityLedger.MAX_PRICE_MICROS + 1))
        .isInstanceOf(IllegalArgumentException.class);
    l.received(A, 5_000_000);
    l.gave(B, 1_000_000);
    l.gave(C, 1_000_000); // full: the least active (B) goes
    assertThat(l.size()).isEqualTo(2);
    assertThat(l.balanceMicros(A)).isEqualTo(5_000_000);
    assertThat(l.balanceMicros(C)).isEqualTo(-1_000_000);
    assertThat(l.account(B)).isEqualTo(ReciprocityLedger.Account.EMPTY);
  }

  @Test
  void policyServesContributorsAndStampedStrangers() {
    ServicePolicy p = new ServicePolicy(0, 10);
    assertThat(p.admits(0, 0)).isTrue();
    assertThat(p.admits(-1, 9)).isFalse();
    assertThat(p.admits(-1, 10)).isTrue();
    assertThat(new ServicePolicy(1, 0).admits(0, 32)).isFalse();
    assertThat(ServicePolicy.OPEN.admits(Long.MIN_VALUE, 0)).isTrue();
    var rich = new ServicePolicy.Waiting(5, 9);
    var poor = new ServicePolicy.Waiting(-5, 1);
    var poorLater = new ServicePolicy.Waiting(-5, 2);
    assertThat(ServicePolicy.ORDER.compare(rich, poor)).isNegative();
    assertThat(ServicePolicy.ORDER.compare(poor, poorLater)).isNegative();
    assertThat(ServicePolicy.ORDER.compare(new ServicePolicy.Waiting(Long.MIN_VALUE, 1), poor))
        .isPositive();
  }
}
