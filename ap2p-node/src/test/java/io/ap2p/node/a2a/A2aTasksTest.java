package io.ap2p.node.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Output;
import org.junit.jupiter.api.Test;

/** The A2A task table's bounds, and task states that never leave a terminal state. */
class A2aTasksTest {

  static A2aTask task(int i) {
    return new A2aTask("t" + i, "c", "s", 0);
  }

  @Test
  void withEveryTaskRunningANewOneIsRefusedAndAnEndedOneMakesRoom() throws Exception {
    A2aTasks tasks = new A2aTasks();
    A2aTask[] all = new A2aTask[A2aTasks.MAX];
    for (int i = 0; i < A2aTasks.MAX; i++) {
      all[i] = task(i);
      all[i].working(1);
      tasks.add(all[i]);
    }
    assertThatThrownBy(() -> tasks.add(task(-1))).isInstanceOf(RpcException.class);
    all[7].completed(new Output(Bytes.of(new byte[] {1}), "text/plain"), 2);
    tasks.add(task(-2));
    assertThat(tasks.get("t7")).isEmpty();
    assertThat(tasks.get("t8")).isPresent();
    assertThat(tasks.get("t-2")).isPresent();
  }

  @Test
  void resultsPastTheByteBudgetForgetTheOldestEndedTasks() throws Exception {
    A2aTasks tasks = new A2aTasks(2500);
    for (int i = 0; i < 5; i++) {
      A2aTask t = task(i);
      tasks.add(t);
      t.completed(new Output(Bytes.of(new byte[1000]), "application/octet-stream"), 1);
    }
    tasks.add(task(99));
    assertThat(tasks.get("t0")).isEmpty();
    assertThat(tasks.get("t1")).isEmpty();
    assertThat(tasks.get("t2")).isEmpty();
    assertThat(tasks.get("t3")).isPresent();
    assertThat(tasks.get("t4")).isPresent();
  }

  @Test
  void tasksEndingAfterTheyWereAddedStayWithinTheByteBudget() throws Exception {
    A2aTasks tasks = new A2aTasks(2500);
    A2aTask[] all = new A2aTask[5];
    for (int i = 0; i < 5; i++) {
      all[i] = task(i);
      all[i].working(1);
      tasks.add(all[i]); // all running: nothing held yet
    }
    for (A2aTask t : all) {
      t.completed(new Output(Bytes.of(new byte[1000]), "application/octet-stream"), 2);
      tasks.ended();
    }
    assertThat(tasks.get("t0")).isEmpty();
    assertThat(tasks.get("t1")).isEmpty();
    assertThat(tasks.get("t2")).isEmpty();
    assertThat(tasks.get("t3")).isPresent();
    assertThat(tasks.get("t4")).isPresent();
  }

  @Test
  void aTerminalStateStaysAndFailuresMapToA2aStates() {
    A2aTask t = task(1);
    assertThat(t.cancel(5)).isTrue();
    t.completed(new Output(Bytes.of(new byte[] {1}), "text/plain"), 6);
    assertThat(t.snapshot().state()).isEqualTo(A2aTask.State.CANCELED);
    assertThat(t.snapshot().output()).isEmpty();
    assertThat(t.cancel(7)).isFalse();
    assertThat(t.cancellation.isCancelled()).isTrue();
    A2aTask busy = task(2);
    busy.failed(new HandlerException(TaskErrorCode.BUSY, "busy"), 1);
    assertThat(busy.snapshot().state()).isEqualTo(A2aTask.State.REJECTED);
    A2aTask late = task(3);
    late.failed(HandlerException.deadlineExceeded(), 1);
    assertThat(late.snapshot().state()).isEqualTo(A2aTask.State.FAILED);
    assertThat(late.snapshot().detail()).startsWith("DEADLINE_EXCEEDED");
  }
}
