package io.ap2p.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Cancellations that overtake their call are kept briefly, and a few: never for a later call. */
class CallsTest {

  final AtomicLong now = new AtomicLong(1_000);
  final Calls calls = new Calls(now::get);
  final AtomicInteger cancelled = new AtomicInteger();

  boolean start(String key) {
    assertThat(calls.begin(key)).isTrue();
    return calls.attach(key, cancelled::incrementAndGet);
  }

  @Test
  void aCancellationThatOvertakesItsCallCancelsItWhenItStarts() {
    calls.cancel("k");
    now.addAndGet(Calls.EARLY_TTL.toNanos() - 1);
    assertThat(start("k")).isTrue();
    assertThat(cancelled.get()).isEqualTo(1);
  }

  @Test
  void aCancellationForACallThatEndedDoesNotCancelALaterCallWithTheSameId() {
    assertThat(start("k")).isFalse();
    calls.end("k");
    calls.cancel("k"); // just too late
    assertThat(calls.early()).isEqualTo(1);
    now.addAndGet(Calls.EARLY_TTL.toNanos() + 1);
    assertThat(calls.early()).isZero();
    assertThat(start("k")).isFalse();
    assertThat(cancelled.get()).isZero();
  }

  @Test
  void aFloodOfUnknownCancellationsKeepsAFew() {
    for (int i = 0; i < 10_000; i++) {
      calls.cancel("k" + i);
    }
    assertThat(calls.early()).isEqualTo(Calls.EARLY);
    assertThat(start("k0")).isFalse();
    assertThat(start("k9999")).isTrue();
  }

  @Test
  void aCancellationOfARunningCallCancelsIt() {
    assertThat(start("k")).isFalse();
    calls.cancel("k");
    assertThat(cancelled.get()).isEqualTo(1);
    assertThat(calls.early()).isZero();
  }
}
