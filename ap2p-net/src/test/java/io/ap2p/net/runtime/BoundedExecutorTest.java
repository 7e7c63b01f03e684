package io.ap2p.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedExecutorTest {

  @Test
  void runsAtMostItsWorkersAtOnceAndRefusesBeyondItsQueue() throws Exception {
    try (BoundedExecutor ex = new BoundedExecutor("test", 2, 3)) {
      CountDownLatch gate = new CountDownLatch(1);
      AtomicInteger now = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(5);
      Runnable task =
          () -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            done.countDown();
          };
      assertThat(ex.trySubmit(task) && ex.trySubmit(task)).isTrue();
      while (now.get() < 2) {
        Thread.sleep(1); // both workers took their task off the queue
      }
      int accepted = 2;
      for (int i = 0; i < 8; i++) {
        if (ex.trySubmit(task)) {
          accepted++;
        }
      }
      assertThat(accepted).isEqualTo(5); // 2 running + 3 waiting
      assertThat(ex.refused()).isEqualTo(5);
      gate.countDown();
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(most.get()).isEqualTo(2);
      assertThat(ex.trySubmit(() -> {})).isTrue(); // room again
    }
  }

  @Test
  void aFailingTaskDoesNotStopTheOthers() throws Exception {
    try (BoundedExecutor ex = new BoundedExecutor("test", 1, 10)) {
      CountDownLatch ran = new CountDownLatch(1);
      ex.trySubmit(
          () -> {
            throw new IllegalStateException("boom");
          });
      ex.trySubmit(ran::countDown);
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }
}
