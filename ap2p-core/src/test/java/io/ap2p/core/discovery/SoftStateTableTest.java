package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Insert, refresh, conflict, expiry, withdrawal, quota and listeners of the soft-state table. */
class SoftStateTableTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final SoftStateTable table =
      new SoftStateTable(clock, new SoftStateTable.Limits(2, 100, 3_600_000));
  final PrivateKey alice = Fixtures.key(1);
  final List<String> events = new ArrayList<>();

  {
    table.addListener(
        new SoftStateTable.Listener() {
          @Override
          public void added(SignedDescriptor d) {
            events.add("added " + d.descriptor().id() + "@" + d.seq());
          }

          @Override
          public void replaced(SignedDescriptor previous, SignedDescriptor current) {
            events.add("replaced " + previous.seq() + "->" + current.seq());
          }

          @Override
          public void expired(SignedDescriptor d) {
            events.add("expired " + d.descriptor().id() + "@" + d.seq());
          }

          @Override
          public void withdrawn(SignedDescriptor d) {
            events.add("withdrawn " + d.descriptor().id() + "@" + d.seq());
          }
        });
  }

  SignedDescriptor d(String id, long seq, long issuedOffsetMs, long ttl) {
    return Fixtures.signed(alice, id, seq, Fixtures.T0.plusMillis(issuedOffsetMs), ttl);
  }

  static Object reason(Verdict<?> v) {
    return DescriptorValidatorTest.reasonOf(v);
  }

  @Test
  void higherSeqReplacesLowerAndLowerIsStale() {
    assertThat(table.offer(d("a", 1, 0, 60)))
        .isEqualTo(Verdict.accept(SoftStateTable.Change.ADDED));
    assertThat(table.offer(d("a", 2, 10, 60)))
        .isEqualTo(Verdict.accept(SoftStateTable.Change.REPLACED));
    assertThat(reason(table.offer(d("a", 1, 0, 60)))).isEqualTo(DescriptorReason.STALE_SEQ);
    assertThat(table.get(new DescriptorKey(alice.peerId(), "a")).orElseThrow().seq()).isEqualTo(2);
    assertThat(events).containsExactly("added a@1", "replaced 1->2");
  }

  @Test
  void equalSeqSameContentIsADuplicateAndDifferentContentAConflict() {
    SignedDescriptor first = d("a", 1, 0, 60);
    table.offer(first);
    assertThat(reason(table.offer(first))).isEqualTo(DescriptorReason.DUPLICATE);
    assertThat(reason(table.offer(d("a", 1, 5, 60)))).isEqualTo(DescriptorReason.SEQ_CONFLICT);
    assertThat(table.get(first.key())).contains(first);
  }

  @Test
  void entriesExpireByThemselvesAndCannotBeReplayed() {
    SignedDescriptor a = d("a", 1, 0, 60);
    table.offer(a);
    clock.advance(59_999);
    assertThat(table.all()).containsExactly(a);
    clock.advance(1);
    assertThat(table.all()).isEmpty(); // never returned once expired, even before the sweep
    assertThat(table.nextDeadlineMillis()).isEqualTo(Fixtures.T0.toEpochMilli() + 60_000);
    assertThat(table.expireDue()).isEqualTo(1);
    assertThat(events).containsExactly("added a@1", "expired a@1");
    assertThat(reason(table.offer(a))).isEqualTo(DescriptorReason.EXPIRED);
  }

  @Test
  void anOldSeqWithALongerTtlCannotComeBackAfterExpiry() {
    table.offer(d("a", 5, 0, 10));
    SignedDescriptor olderButLonger = d("a", 4, 0, 600);
    clock.advance(11_000);
    assertThat(reason(table.offer(olderButLonger))).isEqualTo(DescriptorReason.STALE_SEQ);
    assertThat(table.offer(d("a", 6, 11_000, 60)).isAccepted()).isTrue();
  }

  @Test
  void withdrawalRemovesAndBlocksReplays() {
    SignedDescriptor a = d("a", 3, 0, 60);
    table.offer(a);
    assertThat(table.withdraw(a.key(), 2)).isEmpty(); // a withdrawal older than the entry
    assertThat(table.withdraw(a.key(), 3)).contains(a);
    assertThat(table.all()).isEmpty();
    assertThat(reason(table.offer(a))).isEqualTo(DescriptorReason.WITHDRAWN);
    assertThat(table.offer(d("a", 4, 1, 60)).isAccepted()).isTrue();
    assertThat(events).containsExactly("added a@3", "withdrawn a@3", "added a@4");
  }

  @Test
  void perPeerQuotaHoldsAndFreesOnExpiry() {
    table.offer(d("a", 1, 0, 10));
    table.offer(d("b", 1, 0, 60));
    assertThat(reason(table.offer(d("c", 1, 0, 60)))).isEqualTo(DescriptorReason.QUOTA_EXCEEDED);
    assertThat(table.offer(d("a", 2, 0, 10)).isAccepted()).isTrue(); // refresh is not new
    clock.advance(10_000);
    assertThat(table.offer(d("c", 1, 10_000, 60)).isAccepted()).isTrue();
    assertThat(table.byPeer(alice.peerId())).hasSize(2);
  }

  @Test
  void globalCapacityHolds() {
    SoftStateTable small = new SoftStateTable(clock, new SoftStateTable.Limits(16, 2, 0));
    small.offer(Fixtures.signed(Fixtures.key(1), "a", 1, Fixtures.T0, 60));
    small.offer(Fixtures.signed(Fixtures.key(2), "a", 1, Fixtures.T0, 60));
    Verdict<SoftStateTable.Change> v =
        small.offer(Fixtures.signed(Fixtures.key(3), "a", 1, Fixtures.T0, 60));
    assertThat(reason(v)).isEqualTo(DescriptorReason.TABLE_FULL);
    assertThat(small.peers()).isEqualTo(2);
  }
}
