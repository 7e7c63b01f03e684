package io.ap2p.node.execution.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.execution.task.TaskErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void actionsRunOnceOnCancelAndAtOnceWhenRegisteredLater() {
    Cancellation c = new Cancellation();
    AtomicInteger runs = new AtomicInteger();
    c.onCancel(runs::incrementAndGet);
    c.onCancel(
        () -> {
          throw new IllegalStateException("a failing action does not stop the others");
        });
    c.onCancel(runs::incrementAndGet);
    assertThat(c.isCancelled()).isFalse();
    assertThat(runs).hasValue(0);

    c.cancel();
    c.cancel();
    assertThat(c.isCancelled()).isTrue();
    assertThat(runs).hasValue(2);

    c.onCancel(runs::incrementAndGet);
    assertThat(runs).hasValue(3);
  }

  @Test
  void checkLiveThrowsTheRightCode() {
    Invocation live = Invocations.text("x");
    Cancellation c = new Cancellation();
    assertThatCode(() -> live.checkLive(c)).doesNotThrowAnyException();
    c.cancel();
    assertThatThrownBy(() -> live.checkLive(c))
        .isInstanceOfSatisfying(
            HandlerException.class, e -> assertThat(e.code()).isEqualTo(TaskErrorCode.CANCELLED));
    Invocation late = Invocations.of(Invocations.utf8("x"), "", -1, 10);
    assertThatThrownBy(() -> late.checkLive(new Cancellation()))
        .isInstanceOfSatisfying(
            HandlerException.class,
            e -> assertThat(e.code()).isEqualTo(TaskErrorCode.DEADLINE_EXCEEDED));
  }

  @Test
  void anInvocationNeedsAPositiveOutputLimit() {
    assertThatThrownBy(() -> Invocations.of(Invocations.utf8("x"), "", 1000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
