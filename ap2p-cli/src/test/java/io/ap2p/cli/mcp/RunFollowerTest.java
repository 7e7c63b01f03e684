package io.ap2p.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.cli.mcp.Args.ToolError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A run that never ends, even once cancelled, does not hold its call (and its slot) forever. */
class RunFollowerTest {

  static RunFollower follower(FakeSession s) {
    return new RunFollower(s, null, null, Duration.ZERO, Duration.ofMillis(300));
  }

  @Test
  void aRunPastItsDeadlineIsCancelledAndTheCallEndsBoundedLater() {
    FakeSession s = new FakeSession("RUNNING");
    Calls calls = new Calls();
    assertThat(calls.begin("k")).isTrue();
    long t0 = System.nanoTime();
    try {
      assertThatThrownBy(() -> follower(s).follow("t1", calls, "k", Duration.ZERO, "started"))
          .isInstanceOf(ToolError.class)
          .hasMessageContaining("task t1 did not end within 300 ms of its cancellation");
    } finally {
      calls.end("k");
    }
    assertThat(s.cancels.get()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(calls.running()).isZero();
  }

  @Test
  void aRunCancelledByTheClientThatDoesNotEndEndsTheCallBoundedLater() throws Exception {
    FakeSession s = new FakeSession("RUNNING");
    Calls calls = new Calls();
    assertThat(calls.begin("k")).isTrue();
    Thread canceller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                  calls.cancel("k");
                });
    RunFollower f = follower(s);
    assertThatThrownBy(() -> f.follow("t1", calls, "k", Duration.ofHours(1), "started"))
        .isInstanceOf(ToolError.class)
        .hasMessageContaining("did not end");
    canceller.join();
    assertThat(f.cancelled()).isTrue();
    assertThat(s.cancels.get()).isEqualTo(1);
  }

  @Test
  void aRunThatEndsIsReturned() {
    FakeSession s = new FakeSession("SUCCEEDED");
    Calls calls = new Calls();
    calls.begin("k");
    assertThat(follower(s).follow("t1", calls, "k", Duration.ZERO, "x").path("state").asText())
        .isEqualTo("SUCCEEDED");
    assertThat(s.cancels.get()).isZero();
  }
}
