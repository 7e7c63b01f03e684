package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How long a registry held each key, in bounded memory that forgets brief holders first. */
class TenuresTest {

  @Test
  void aKeyHeldLongOutlivesManyKeysHeldBriefly() {
    Tenures<String> t = new Tenures<>(10);
    t.held("old", 0);
    t.released("old", 86_400_000L); // a day
    for (int i = 0; i < 1_000; i++) { // a flood of keys that register and go at once
      t.held("junk" + i, 86_400_000L + i);
      t.released("junk" + i, 86_400_000L + i + 1);
    }
    assertThat(t.tenure("old", 90_000_000L)).isEqualTo(86_400_000L);
    assertThat(t.size()).isEqualTo(10);
  }

  @Test
  void aKeyHeldNowIsNeverForgottenAndItsStretchesAddUp() {
    Tenures<String> t = new Tenures<>(1);
    t.held("k", 0);
    t.held("k", 10); // a second descriptor
    t.released("k", 50);
    assertThat(t.tenure("k", 100)).isEqualTo(100); // one descriptor still held
    for (int i = 0; i < 5; i++) {
      t.held("x" + i, 100);
      t.released("x" + i, 100);
    }
    t.released("k", 200);
    t.held("k", 1_000); // back after a gap: the gap does not count
    assertThat(t.tenure("k", 1_100)).isEqualTo(300);
    assertThat(t.tenure("never", 1_100)).isEqualTo(-1);
  }
}
