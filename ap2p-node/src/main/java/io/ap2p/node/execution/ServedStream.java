package io.ap2p.node.execution;

import io.ap2p.core.execution.task.ProviderSide;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskFormatException;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Stream;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One admitted task on its stream, on the provider: reads the input, runs the handler under the
 * deadline with progress forwarded and CANCEL or a reset watched for, then answers RESULT (with a
 * receipt when asked) or ERROR and records the task. Writes to the stream go through one lock, so
 * progress never interleaves with the answer.
 */
final class ServedStream {

  private final TaskService service;
  private final Stream s;
  private final ProviderSide side;
  private final PeerId requester;
  private final TaskMessage.Invoke inv;
  private final ServedCapability cap;
  private final long deadline;
  private final Admission.Slot slot;
  private final ReentrantLock writes = new ReentrantLock();
  private long started;

  /**
   * A task on {@code s} holding admission {@code slot}, which is released as soon as the handler
   * has returned: a requester that reads its answer slowly does not hold a slot.
   */
  ServedStream(
      TaskService service,
      Stream s,
      ProviderSide side,
      TaskMessage.Invoke inv,
      ServedCapability cap,
      long deadline,
      Admission.Slot slot) {
    this.service = service;
    this.s = s;
    this.side = side;
    this.requester = s.remotePeer();
    this.inv = inv;
    this.cap = cap;
    this.deadline = deadline;
    this.slot = slot;
  }

  /**
   * Time allowed to write an answer of {@code bytes} once the handler is done: 10 s plus 1 s per
   * MiB; a requester that does not read it in that time gets its stream reset.
   */
  static Duration answerTime(long bytes) {
    return Duration.ofSeconds(10 + bytes / (1 << 20));
  }

  /** Serves the task to its end. */
  void run() throws IOException {
    started = service.clock().millis(); // until the handler starts: when the task was admitted
    Optional<Bytes> input = side.inputIfEmpty();
    if (input.isEmpty()) {
      input = readInput();
      if (input.isEmpty()) {
        return; // answered or reset
      }
    }
    started = service.clock().millis();
    Cancellation cancellation = new Cancellation();
    Invocation invocation =
        new Invocation(
            inv.taskId(),
            requester.toString(),
            input.get(),
            inv.mediaType(),
            deadline,
            service.limits().protocol().maxOutput(),
            service.clock());
    Bytes in = input.get();
    watchForCancel(cancellation);
    Output out;
    try {
      out = service.runHandler(cap, invocation, this::progress, cancellation, false);
    } catch (HandlerException e) {
      fail(e.code(), e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.reset();
      return;
    } finally {
      slot.close(); // the work is done (or abandoned): writing the answer needs no slot
    }
    succeed(in, out);
  }

  /** Whether the answer was given. */
  boolean answered() {
    return side.done();
  }

  private void succeed(Bytes input, Output out) throws IOException {
    ExecutionLog.ServedTask task = record("SUCCEEDED", "");
    // signed and kept even when the requester wants none: the receipts table is what the
    // reciprocity ledger is rebuilt from, so a requester that asks for no receipt is still charged
    // (else receipt_wanted = false would be free service that never lowers its balance)
    SignedReceipt kept =
        service
            .receipts()
            .sign(
                task,
                input,
                out.bytes(),
                cap.handler().version(),
                cap.template().state().version(),
                inv.nonce(),
                out.trace());
    service.reciprocity().gave(requester, task.priceMicros());
    Optional<SignedReceipt> signed = inv.receiptWanted() ? Optional.of(kept) : Optional.empty();
    // countersigned when the node has an attestor, within what is left of the deadline; the
    // stored copy gains the countersignature (best effort: the signed receipt is durable already)
    Duration budget =
        Duration.ofMillis(Math.max(1, Math.min(10_000, deadline - service.clock().millis())));
    Optional<SignedReceipt> receipt =
        signed.map(
            r ->
                service
                    .attestor()
                    .attest(r, cap.id(), inv.mediaType(), input, out.bytes(), budget));
    if (receipt.isPresent() && receipt.get().attestation().isPresent()) {
      service.log().receiptAttested(requester, inv.taskId(), receipt.get());
    }
    String media =
        TaskLimits.isValidMediaType(out.mediaType()) ? out.mediaType() : "application/octet-stream";
    var watchdog = service.resetLater(s, answerTime(out.bytes().length()));
    writes.lock();
    try {
      TaskFrames.writeAll(s.out(), side.result(out.bytes(), media, receipt));
      s.closeWrite();
    } finally {
      writes.unlock();
      watchdog.cancel(false);
    }
    service.succeeded(); // recorded with its receipt before the RESULT went out
  }

  /** Answers ERROR after the task ran (or tried to) and records it. */
  private void fail(TaskErrorCode code, String message) throws IOException {
    slot.close();
    var watchdog = service.resetLater(s, answerTime(0));
    writes.lock();
    try {
      service.answerError(s, side, code, message);
    } finally {
      writes.unlock();
      watchdog.cancel(false);
    }
    service.log().served(record(code == TaskErrorCode.CANCELLED ? "CANCELLED" : "FAILED", message));
  }

  private ExecutionLog.ServedTask record(String state, String detail) {
    return new ExecutionLog.ServedTask(
        inv.taskId(),
        requester,
        cap.id(),
        state,
        detail,
        started,
        service.clock().millis(),
        Optional.empty(),
        io.ap2p.core.incentives.ReciprocityLedger.priceMicros(
            cap.template().constraints().price()));
  }

  private Optional<Bytes> readInput() throws IOException {
    while (true) {
      // the input must arrive before the deadline, and never idle longer than inputIdle
      long left = deadline - service.clock().millis();
      if (left <= 0) {
        fail(TaskErrorCode.DEADLINE_EXCEEDED, "the input did not arrive before the deadline");
        return Optional.empty();
      }
      s.setReadTimeout(Duration.ofMillis(Math.min(left, service.limits().inputIdle().toMillis())));
      Optional<TaskMessage> m;
      try {
        m = TaskFrames.read(s.in(), service.limits().protocol());
      } catch (TaskFormatException e) {
        service.violation(s, e.getMessage());
        return Optional.empty();
      }
      if (m.isEmpty()) {
        service.violation(s, "stream ended inside the input");
        return Optional.empty();
      }
      switch (side.onFrame(m.get())) {
        case ProviderSide.Event.InputComplete c -> {
          return Optional.of(c.input());
        }
        case ProviderSide.Event.InputPart p -> {}
        case ProviderSide.Event.Cancelled c -> {
          service.answerError(s, side, TaskErrorCode.CANCELLED, "cancelled before it ran");
          return Optional.empty();
        }
        case ProviderSide.Event.Violation v -> {
          service.violation(s, v.why());
          return Optional.empty();
        }
        case ProviderSide.Event.Invoked i -> throw new AssertionError("only the first frame");
      }
    }
  }

  /** Reads the requester's frames while the handler runs: CANCEL or a reset cancels it. */
  private void watchForCancel(Cancellation c) {
    Thread.ofVirtual()
        .name("task-watch")
        .start(
            () -> {
              try {
                s.setReadTimeout(
                    Duration.ofMillis(Math.max(1, deadline - service.clock().millis()) + 10_000));
                while (true) {
                  Optional<TaskMessage> m = TaskFrames.read(s.in(), service.limits().protocol());
                  if (m.isEmpty()) {
                    return; // the requester is done sending; it may still read the answer
                  }
                  ProviderSide.Event e;
                  writes.lock();
                  try {
                    e = side.onFrame(m.get());
                  } finally {
                    writes.unlock();
                  }
                  if (e instanceof ProviderSide.Event.Cancelled
                      || e instanceof ProviderSide.Event.Violation) {
                    c.cancel();
                    return;
                  }
                }
              } catch (IOException | TaskFormatException e) {
                c.cancel(); // reset, or a broken stream: nobody is waiting for the answer
              }
            });
  }

  private void progress(double fraction, String message) {
    writes.lock();
    try {
      Optional<TaskMessage.Progress> p = side.progress(fraction, message);
      if (p.isPresent()) {
        TaskFrames.write(s.out(), p.get());
      }
    } catch (IOException e) {
      // the stream is gone; the watcher cancels the work
    } finally {
      writes.unlock();
    }
  }
}
