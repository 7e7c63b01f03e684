package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A busy provider's queue serves the requester with the higher reciprocity balance first. */
class AdmissionOrderTest {

  static final PeerId BUSY = PrivateKey.generate(LoopbackNetwork.RANDOM).peerId();
  static final PeerId FREE_RIDER = PrivateKey.generate(LoopbackNetwork.RANDOM).peerId();
  static final PeerId CONTRIBUTOR = PrivateKey.generate(LoopbackNetwork.RANDOM).peerId();

  @Test
  void contributorsJumpTheQueueAndEqualBalancesKeepArrivalOrder() throws Exception {
    Admission a = new Admission(ExecutionLimits.DEFAULTS.withConcurrency(1, 1, 8, 4));
    Admission.Slot first = ((Admission.Ticket.Granted) a.acquire(BUSY, 5, 0)).slot();
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    start(a, FREE_RIDER, -5_000_000, "free rider", order, done);
    awaitQueued(a, 1);
    start(a, PrivateKey.generate(LoopbackNetwork.RANDOM).peerId(), 0, "stranger", order, done);
    awaitQueued(a, 2);
    start(a, CONTRIBUTOR, 3_000_000, "contributor", order, done);
    awaitQueued(a, 3);
    first.close();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly("contributor", "stranger", "free rider");
  }

  @Test
  void aWaiterAtItsOwnLimitLetsTheNextOnePass() throws Exception {
    Admission a = new Admission(ExecutionLimits.DEFAULTS.withConcurrency(2, 1, 8, 4));
    Admission.Slot mine = ((Admission.Ticket.Granted) a.acquire(CONTRIBUTOR, 9, 0)).slot();
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    // the contributor's second task must wait for its first (one per requester) ...
    Thread blocked =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    a.acquire(CONTRIBUTOR, 9_000_000, 5_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    awaitQueued(a, 1);
    // ... while the free rider takes the node's free slot at once
    start(a, FREE_RIDER, -9_000_000, "free rider", order, done);
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly("free rider");
    mine.close();
    blocked.join(Duration.ofSeconds(10));
  }

  private static void start(
      Admission a,
      PeerId peer,
      long balance,
      String name,
      List<String> order,
      CountDownLatch done) {
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (a.acquire(peer, balance, 10_000) instanceof Admission.Ticket.Granted g) {
                  order.add(name);
                  g.slot().close();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                done.countDown();
              }
            });
  }

  private static void awaitQueued(Admission a, int n) {
    LoopbackNetwork.await(() -> a.queued() == n, Duration.ofSeconds(10));
  }
}
