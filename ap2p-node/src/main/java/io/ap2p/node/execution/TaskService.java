package io.ap2p.node.execution;

import io.ap2p.core.execution.task.ProviderSide;
import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskFormatException;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * Serves {@code /ap2p/task/1.0.0}: the provider's side of delegation. For each stream it judges the
 * INVOKE (capability, seq, input size, admission) before reading any input, runs the handler under
 * the deadline with progress forwarded, and answers RESULT (with a signed, chained receipt when
 * asked, recorded durably before it is sent) or ERROR. A CANCEL or a reset stream cancels the
 * handler (an {@code exec} child's process tree is killed).
 */
public final class TaskService implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TaskService.class.getName());

  private final Host host;
  private final PrivateKey identity;
  private final Clock clock;
  private final ExecutionLimits limits;
  private final ExecutionLog log;
  private final ToLongFunction<String> currentSeq;
  private final Map<String, ServedCapability> capabilities = new ConcurrentHashMap<>();
  private final Admission admission;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final ReentrantLock receipts = new ReentrantLock();
  private final Map<TaskErrorCode, AtomicLong> errors = new EnumMap<>(TaskErrorCode.class);
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong violations = new AtomicLong();
  private Bytes lastReceipt; // guarded by receipts

  /**
   * Serves on {@code host} as {@code identity}.
   *
   * @param currentSeq the seq of a capability's current signed descriptor, or -1 when unknown
   */
  public TaskService(
      Host host,
      PrivateKey identity,
      Clock clock,
      ExecutionLimits limits,
      ExecutionLog log,
      ToLongFunction<String> currentSeq) {
    this.host = host;
    this.identity = identity;
    this.clock = clock;
    this.limits = limits;
    this.log = log;
    this.currentSeq = currentSeq;
    this.admission = new Admission(limits);
    this.lastReceipt = log.lastGivenHash().orElse(SignedReceipt.GENESIS);
    for (TaskErrorCode c : TaskErrorCode.values()) {
      errors.put(c, new AtomicLong());
    }
    host.handle(TaskCodec.PROTOCOL, this::serve);
  }

  /** Starts serving {@code capability} (replacing one with the same id). */
  public void add(ServedCapability capability) {
    ServedCapability old = capabilities.put(capability.id(), capability);
    if (old != null && old.handler() != capability.handler()) {
      old.handler().close();
    }
  }

  /** Stops serving {@code capabilityId}; invocations in flight finish. */
  public void remove(String capabilityId) {
    ServedCapability old = capabilities.remove(capabilityId);
    if (old != null) {
      old.handler().close();
    }
  }

  /** The capabilities served, by id. */
  public Map<String, ServedCapability> capabilities() {
    return Map.copyOf(capabilities);
  }

  /** Counters: results given, errors by code, protocol violations, BUSY refusals by reason. */
  public Map<String, Long> counters() {
    Map<String, Long> out = new java.util.TreeMap<>();
    out.put("succeeded", succeeded.get());
    out.put("violations", violations.get());
    errors.forEach((c, n) -> out.put("error." + c.name(), n.get()));
    for (Admission.Refusal r : Admission.Refusal.values()) {
      out.put("busy." + r.name(), admission.refused(r));
    }
    out.put("running", (long) admission.running());
    return out;
  }

  private void serve(Stream s) throws IOException {
    ProviderSide side = new ProviderSide(limits.protocol());
    PeerId requester = s.remotePeer();
    s.setReadTimeout(limits.firstFrame());
    TaskMessage.Invoke inv;
    try {
      Optional<TaskMessage> first = TaskFrames.read(s.in(), limits.protocol());
      if (first.isEmpty()) {
        s.close();
        return;
      }
      if (!(side.onFrame(first.get()) instanceof ProviderSide.Event.Invoked invoked)) {
        violation(s, requester, "first frame is not an INVOKE");
        return;
      }
      inv = invoked.invoke();
    } catch (TaskFormatException e) {
      violation(s, requester, e.getMessage());
      return;
    }
    ServedCapability cap = capabilities.get(inv.capabilityId());
    if (cap == null) {
      answerError(
          s, side, TaskErrorCode.UNKNOWN_CAPABILITY, "not served here: " + inv.capabilityId());
      return;
    }
    long seq = currentSeq.applyAsLong(cap.id());
    if (seq >= 0 && inv.seq() > seq) {
      answerError(s, side, TaskErrorCode.UNKNOWN_SEQ, "seq " + inv.seq() + " is newer than " + seq);
      return;
    }
    long maxInput = cap.template().constraints().maxInputBytes();
    if (inv.inputLength() > maxInput) {
      answerError(
          s,
          side,
          TaskErrorCode.INPUT_TOO_LARGE,
          "input of " + inv.inputLength() + " bytes > maxInputBytes " + maxInput);
      return;
    }
    long now = clock.millis();
    long deadline = now + Math.min(inv.deadlineMillis(), cap.template().constraints().deadlineMs());
    Admission.Ticket ticket;
    try {
      ticket = admission.acquire(requester, deadline - now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.reset();
      return;
    }
    if (ticket instanceof Admission.Ticket.Refused r) {
      answerError(
          s,
          side,
          TaskErrorCode.BUSY,
          "busy (" + r.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
      return;
    }
    Admission.Slot slot = ((Admission.Ticket.Granted) ticket).slot();
    try {
      run(s, side, requester, inv, cap, deadline);
    } catch (RuntimeException e) {
      // a bug of ours (or a store failure recording a receipt): the requester gets FAILED, the
      // node goes on
      LOG.log(System.Logger.Level.WARNING, "task " + inv.taskId() + " of " + cap.id(), e);
      if (!side.done()) {
        answerError(s, side, TaskErrorCode.FAILED, "internal error: " + e.getClass().getName());
      }
    } finally {
      slot.close();
    }
  }

  private void run(
      Stream s,
      ProviderSide side,
      PeerId requester,
      TaskMessage.Invoke inv,
      ServedCapability cap,
      long deadline)
      throws IOException {
    Optional<Bytes> input = side.inputIfEmpty();
    if (input.isEmpty()) {
      input = readInput(s, side, requester);
      if (input.isEmpty()) {
        return; // answered or reset
      }
    }
    long started = clock.millis();
    Cancellation cancellation = new Cancellation();
    ReentrantLock writes = new ReentrantLock();
    Invocation invocation =
        new Invocation(
            inv.taskId(),
            requester.toString(),
            input.get(),
            inv.mediaType(),
            deadline,
            limits.protocol().maxOutput(),
            clock);
    Future<Output> work =
        handlers.submit(
            () ->
                cap.handler()
                    .run(
                        invocation,
                        (fraction, message) -> progress(s, side, writes, fraction, message),
                        cancellation));
    watchForCancel(s, side, writes, cancellation, deadline);
    Output out;
    try {
      out = work.get(Math.max(0, deadline - clock.millis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cancellation.cancel();
      work.cancel(true);
      finish(
          s,
          side,
          writes,
          task(inv, requester, cap, started),
          TaskErrorCode.DEADLINE_EXCEEDED,
          "the deadline passed");
      return;
    } catch (ExecutionException e) {
      cancellation.cancel();
      if (e.getCause() instanceof HandlerException he) {
        finish(s, side, writes, task(inv, requester, cap, started), he.code(), he.getMessage());
      } else {
        LOG.log(System.Logger.Level.WARNING, "handler of " + cap.id() + " failed", e.getCause());
        finish(
            s,
            side,
            writes,
            task(inv, requester, cap, started),
            TaskErrorCode.FAILED,
            "internal error in the handler");
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancellation.cancel();
      s.reset();
      return;
    }
    if (cancellation.isCancelled()) {
      finish(
          s,
          side,
          writes,
          task(inv, requester, cap, started),
          TaskErrorCode.CANCELLED,
          "cancelled by the requester");
      return;
    }
    if (out.bytes().length() > limits.protocol().maxOutput()) {
      finish(
          s,
          side,
          writes,
          task(inv, requester, cap, started),
          TaskErrorCode.OUTPUT_TOO_LARGE,
          "output over the limit");
      return;
    }
    long finished = clock.millis();
    Optional<SignedReceipt> receipt =
        inv.receiptWanted()
            ? Optional.of(sign(inv, cap, input.get(), out.bytes(), started, finished, requester))
            : Optional.empty();
    writes.lock();
    try {
      TaskFrames.writeAll(s.out(), side.result(out.bytes(), mediaType(out), receipt));
      s.closeWrite();
    } finally {
      writes.unlock();
    }
    succeeded.incrementAndGet();
    if (receipt.isEmpty()) { // with a receipt, recorded before the RESULT went out
      log.served(
          new ExecutionLog.ServedTask(
              inv.taskId(),
              requester,
              cap.id(),
              "SUCCEEDED",
              "",
              started,
              finished,
              Optional.empty()));
    }
  }

  private Optional<Bytes> readInput(Stream s, ProviderSide side, PeerId requester)
      throws IOException {
    s.setReadTimeout(limits.inputIdle());
    while (true) {
      Optional<TaskMessage> m;
      try {
        m = TaskFrames.read(s.in(), limits.protocol());
      } catch (TaskFormatException e) {
        violation(s, requester, e.getMessage());
        return Optional.empty();
      }
      if (m.isEmpty()) {
        violation(s, requester, "stream ended inside the input");
        return Optional.empty();
      }
      switch (side.onFrame(m.get())) {
        case ProviderSide.Event.InputComplete c -> {
          return Optional.of(c.input());
        }
        case ProviderSide.Event.InputPart p -> {}
        case ProviderSide.Event.Cancelled c -> {
          answerError(s, side, TaskErrorCode.CANCELLED, "cancelled before it ran");
          return Optional.empty();
        }
        case ProviderSide.Event.Violation v -> {
          violation(s, requester, v.why());
          return Optional.empty();
        }
        case ProviderSide.Event.Invoked i -> throw new AssertionError("only the first frame");
      }
    }
  }

  /** Reads the requester's frames while the handler runs: CANCEL or a reset cancels it. */
  private void watchForCancel(
      Stream s, ProviderSide side, ReentrantLock writes, Cancellation c, long deadline) {
    Thread.ofVirtual()
        .name("task-watch")
        .start(
            () -> {
              try {
                s.setReadTimeout(
                    Duration.ofMillis(Math.max(1, deadline - clock.millis()) + 10_000));
                while (true) {
                  Optional<TaskMessage> m = TaskFrames.read(s.in(), limits.protocol());
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

  private void progress(
      Stream s, ProviderSide side, ReentrantLock writes, double fraction, String message) {
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

  private SignedReceipt sign(
      TaskMessage.Invoke inv,
      ServedCapability cap,
      Bytes input,
      Bytes output,
      long started,
      long finished,
      PeerId requester) {
    receipts.lock();
    try {
      SignedReceipt r =
          SignedReceipt.sign(
              new SignedReceipt.Body(
                  identity.peerId(),
                  inv.taskId(),
                  Digests.sha256(input),
                  Digests.sha256(output),
                  cap.handler().version(),
                  cap.template().state().version(),
                  started,
                  finished,
                  inv.nonce(),
                  lastReceipt),
              identity);
      // durable before the RESULT goes out, and in chain order
      log.served(
          new ExecutionLog.ServedTask(
              inv.taskId(),
              requester,
              cap.id(),
              "SUCCEEDED",
              "",
              started,
              finished,
              Optional.of(r)));
      lastReceipt = r.hash();
      return r;
    } finally {
      receipts.unlock();
    }
  }

  /** What is known of a served task before it ends, for the log. */
  private record Started(
      TaskMessage.Invoke invoke, PeerId requester, ServedCapability capability, long at) {}

  private static Started task(
      TaskMessage.Invoke inv, PeerId requester, ServedCapability cap, long started) {
    return new Started(inv, requester, cap, started);
  }

  private void finish(
      Stream s,
      ProviderSide side,
      ReentrantLock writes,
      Started t,
      TaskErrorCode code,
      String message)
      throws IOException {
    writes.lock();
    try {
      answerError(s, side, code, message);
    } finally {
      writes.unlock();
    }
    log.served(
        new ExecutionLog.ServedTask(
            t.invoke().taskId(),
            t.requester(),
            t.capability().id(),
            stateOf(code),
            message,
            t.at(),
            clock.millis(),
            Optional.empty()));
  }

  private void answerError(Stream s, ProviderSide side, TaskErrorCode code, String message)
      throws IOException {
    errors.get(code).incrementAndGet();
    try {
      TaskFrames.write(s.out(), side.error(code, message));
      s.closeWrite();
    } catch (IOException e) {
      s.reset(); // the requester went away
    }
  }

  private void violation(Stream s, PeerId requester, String why) {
    violations.incrementAndGet();
    LOG.log(
        System.Logger.Level.DEBUG, () -> "task protocol violation by " + requester + ": " + why);
    s.reset();
  }

  private static String stateOf(TaskErrorCode code) {
    return code == TaskErrorCode.CANCELLED ? "CANCELLED" : "FAILED";
  }

  private static String mediaType(Output out) {
    String m = out.mediaType();
    return TaskLimits.isValidMediaType(m) ? m : "application/octet-stream";
  }

  /** Stops serving; running handlers are interrupted. */
  @Override
  public void close() {
    host.unhandle(TaskCodec.PROTOCOL);
    handlers.shutdownNow();
    capabilities.values().forEach(c -> c.handler().close());
  }

  /** Capabilities currently served. */
  public List<String> ids() {
    return capabilities.keySet().stream().sorted().toList();
  }
}
