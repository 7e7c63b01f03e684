package io.ap2p.sim.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.world.Offers;
import io.ap2p.sim.world.Provider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stale meter judges registry answers by the descriptors each provider sent lately. */
class ChurnMeterTest {

  static final PrivateKey KEY = PrivateKey.fromSeed(Bytes.wrap(new byte[32]));

  final Provider provider = new Provider(0, Provider.Kind.HONEST, Offers.IMAGE, 1500, KEY);
  final ChurnMeter meter = new ChurnMeter(peer -> provider);

  static Bytes descriptor(int n) {
    return Bytes.wrap(new byte[] {1, 2, (byte) n, (byte) (n >> 8), (byte) (n >> 16)});
  }

  @Test
  void theLastFewDescriptorsOfALiveProviderAreNotStaleAndOlderOnesAre() {
    for (int n = 0; n < ChurnMeter.REMEMBERED + 2; n++) {
      meter.published(provider, KEY.peerId(), descriptor(n));
    }
    meter.registryAnswer(List.of(descriptor(ChurnMeter.REMEMBERED + 1), descriptor(2)));
    assertThat(meter.stats().stale()).isZero();

    meter.registryAnswer(List.of(descriptor(1), descriptor(0), descriptor(999)));
    assertThat(meter.stats().named()).isEqualTo(5);
    assertThat(meter.stats().stale()).isEqualTo(3);
  }

  @Test
  void aRepeatedRefreshOfTheSameBytesDoesNotPushOlderOnesOut() {
    meter.published(provider, KEY.peerId(), descriptor(0));
    for (int i = 0; i < 10; i++) {
      meter.published(provider, KEY.peerId(), descriptor(1));
    }
    meter.registryAnswer(List.of(descriptor(0)));
    assertThat(meter.stats().stale()).isZero();
  }

  @Test
  void fingerprintsDifferForBytesThatDifferAndAreNeverTheEmptySlot() {
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int n = 0; n < 100_000; n++) {
      long f = ChurnMeter.fingerprint(descriptor(n));
      assertThat(f).isNotZero();
      seen.add(f);
    }
    assertThat(seen).hasSize(100_000);
    assertThat(ChurnMeter.fingerprint(descriptor(7)))
        .isEqualTo(ChurnMeter.fingerprint(descriptor(7)));
  }

  @Test
  void fingerprintsOfLongDescriptorsDifferInEveryByteAndLength() {
    java.util.Set<Long> seen = new java.util.HashSet<>();
    byte[] base = new byte[517];
    for (int at = 0; at < base.length; at++) {
      for (int v = 1; v < 256; v += 51) {
        byte[] b = base.clone();
        b[at] = (byte) v;
        seen.add(ChurnMeter.fingerprint(Bytes.wrap(b)));
      }
    }
    for (int len = 0; len < 40; len++) {
      seen.add(ChurnMeter.fingerprint(Bytes.wrap(new byte[len])));
    }
    assertThat(seen).hasSize(517 * 5 + 40);
  }
}
