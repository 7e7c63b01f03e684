package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random operation sequences against the soft-state table: no expired entry is ever returned, seq
 * never goes backwards for a key, and the per-peer quota always holds.
 */
class SoftStateTableProperties {

  static final PrivateKey[] KEYS = {Fixtures.key(11), Fixtures.key(12), Fixtures.key(13)};
  static final String[] IDS = {"a", "b", "c", "d"};
  static final int QUOTA = 2;

  /** One step: offer (peer, id, seq, issued offset, ttl), withdraw, or let time pass. */
  record Op(int kind, int peer, int id, int seq, int issuedBackMs, int ttl, int advanceMs) {}

  @Provide
  Arbitrary<Op> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, KEYS.length - 1),
            Arbitraries.integers().between(0, IDS.length - 1),
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 20_000),
            Arbitraries.integers().between(1, 30),
            Arbitraries.integers().between(0, 15_000))
        .as(Op::new);
  }

  @Property(tries = 150)
  void invariantsHoldUnderAnySequence(
      @ForAll @Size(max = 60) List<@net.jqwik.api.From("ops") Op> ops) {
    ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli() + 60_000);
    SoftStateTable table =
        new SoftStateTable(clock, new SoftStateTable.Limits(QUOTA, 1000, 86_400_000L));
    Map<DescriptorKey, Long> highestSeen = new HashMap<>();
    for (Op op : ops) {
      switch (op.kind()) {
        case 0, 1, 2, 3, 4, 5 -> {
          PrivateKey k = KEYS[op.peer()];
          SignedDescriptor d =
              Fixtures.signed(
                  k,
                  IDS[op.id()],
                  op.seq(),
                  clock.instant().minusMillis(op.issuedBackMs()),
                  op.ttl());
          table.offer(d);
        }
        case 6 ->
            table.withdraw(new DescriptorKey(KEYS[op.peer()].peerId(), IDS[op.id()]), op.seq());
        case 7 -> table.expireDue();
        default -> clock.advance(op.advanceMs());
      }
      long now = clock.millis();
      for (SignedDescriptor sd : table.all()) {
        assertThat(sd.descriptor().expiresAtMillis()).isGreaterThan(now);
        Long prev = highestSeen.get(sd.key());
        assertThat(prev == null || sd.seq() >= prev).as("seq went backwards").isTrue();
        highestSeen.merge(sd.key(), sd.seq(), Math::max);
      }
      for (PrivateKey k : KEYS) {
        assertThat(table.byPeer(k.peerId()).size()).isLessThanOrEqualTo(QUOTA);
        for (SignedDescriptor sd : table.byPeer(k.peerId())) {
          assertThat(sd.descriptor().expiresAtMillis()).isGreaterThan(now);
        }
      }
    }
  }
}
