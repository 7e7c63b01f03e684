package io.ap2p.node.execution;

import io.ap2p.core.execution.task.ProviderSide;
import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskFormatException;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.incentives.Stamp;
import io.ap2p.core.time.Clock;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import io.ap2p.node.execution.handler.Progress;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
  private final Clock clock;
  private final ExecutionLimits limits;
  private final ExecutionLog log;
  private final ToLongFunction<String> currentSeq;
  private final PeerId self;
  private final Map<String, ServedCapability> capabilities = new ConcurrentHashMap<>();
  private final Admission admission;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final ReceiptChain receipts;
  private volatile ReceiptAttestor attestor = ReceiptAttestor.NONE;
  private volatile Reciprocity reciprocity;
  private final java.util.Set<String> running = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("task-timer").factory());

  /** How long an answer given without reading the input waits before its stream is reset. */
  static final Duration LINGER = Duration.ofSeconds(2);

  private final Map<TaskErrorCode, AtomicLong> errors = new EnumMap<>(TaskErrorCode.class);
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong violations = new AtomicLong();

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
    this.clock = clock;
    this.limits = limits;
    this.log = log;
    this.currentSeq = currentSeq;
    this.admission = new Admission(limits);
    this.receipts = new ReceiptChain(identity, log);
    this.reciprocity = new Reciprocity(limits.incentives());
    this.self = identity.peerId();
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
        violation(s, "first frame is not an INVOKE");
        return;
      }
      inv = invoked.invoke();
    } catch (TaskFormatException e) {
      violation(s, e.getMessage());
      return;
    }
    ServedCapability cap = capabilities.get(inv.capabilityId());
    if (cap == null) {
      answerEarly(
          s, side, TaskErrorCode.UNKNOWN_CAPABILITY, "not served here: " + inv.capabilityId());
      return;
    }
    long seq = currentSeq.applyAsLong(cap.id());
    if (seq >= 0 && inv.seq() > seq) {
      answerEarly(s, side, TaskErrorCode.UNKNOWN_SEQ, "seq " + inv.seq() + " is newer than " + seq);
      return;
    }
    long maxInput = cap.template().constraints().maxInputBytes();
    if (inv.inputLength() > maxInput) {
      answerEarly(
          s,
          side,
          TaskErrorCode.INPUT_TOO_LARGE,
          "input of " + inv.inputLength() + " bytes > maxInputBytes " + maxInput);
      return;
    }
    String key = requester + "/" + inv.taskId();
    if (!running.add(key)) {
      answerEarly(s, side, TaskErrorCode.PROTOCOL, "task id " + inv.taskId() + " is running");
      return;
    }
    try {
      if (log.served(requester, inv.taskId())) {
        answerEarly(s, side, TaskErrorCode.PROTOCOL, "task id " + inv.taskId() + " was used");
        return;
      }
      admitAndRun(s, side, inv, cap);
    } finally {
      running.remove(key);
    }
  }

  private boolean refusedCredit(Stream s, ProviderSide side, TaskMessage.Invoke inv, long balance)
      throws IOException {
    Reciprocity book = reciprocity;
    if (book.policy().needsStamp(balance)) {
      int bits = Stamp.bits(s.remotePeer(), self, inv.taskId(), inv.nonce(), inv.stamp());
      if (!book.policy().admits(balance, bits)) {
        answerEarly(s, side, TaskErrorCode.CREDIT, book.policy().refusal(balance));
        return true;
      }
    }
    return false;
  }

  private void admitAndRun(
      Stream s, ProviderSide side, TaskMessage.Invoke inv, ServedCapability cap)
      throws IOException {
    PeerId requester = s.remotePeer();
    Reciprocity book = reciprocity;
    if (refusedCredit(s, side, inv, book.balanceMicros(requester))) {
      return;
    }
    // admitted on what this node holds: only now ask for hand-overs (a rotated key's account
    // follows it, revocation.md), so a refused stranger costs no question; the deadline runs after
    book.introduce(host, requester);
    long balance = book.balanceMicros(requester);
    if (refusedCredit(s, side, inv, balance)) { // a debt carried over
      return;
    }
    long now = clock.millis();
    long deadline = now + Math.min(inv.deadlineMillis(), cap.template().constraints().deadlineMs());
    Admission.Ticket ticket;
    try {
      ticket = admission.acquire(requester, balance, deadline - now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.reset();
      return;
    }
    if (ticket instanceof Admission.Ticket.Refused r) {
      answerEarly(
          s,
          side,
          TaskErrorCode.BUSY,
          "busy (" + r.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
      return;
    }
    Admission.Slot slot = ((Admission.Ticket.Granted) ticket).slot();
    ServedStream served = new ServedStream(this, s, side, inv, cap, deadline, slot);
    try {
      served.run();
    } catch (RuntimeException e) {
      // a bug of ours (or a store failure recording a receipt): the requester gets FAILED, the
      // node goes on
      LOG.log(System.Logger.Level.WARNING, "task " + inv.taskId() + " of " + cap.id(), e);
      if (!served.answered()) {
        answerError(s, side, TaskErrorCode.FAILED, "internal error: " + e.getClass().getName());
      }
    } finally {
      slot.close();
    }
  }

  /**
   * Answers ERROR without reading the input, then resets the stream after {@link #LINGER}: input
   * the requester already sent would otherwise stay buffered (up to a window) until the connection
   * closes.
   */
  void answerEarly(Stream s, ProviderSide side, TaskErrorCode code, String message)
      throws IOException {
    answerError(s, side, code, message);
    resetLater(s, LINGER);
  }

  /** Resets {@code s} after {@code delay}; cancel the returned timer to keep it. */
  java.util.concurrent.ScheduledFuture<?> resetLater(Stream s, Duration delay) {
    return timers.schedule(s::reset, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Answers ERROR {@code code} and half-closes; a stream already gone is reset. */
  void answerError(Stream s, ProviderSide side, TaskErrorCode code, String message)
      throws IOException {
    errors.get(code).incrementAndGet();
    try {
      TaskFrames.write(s.out(), side.error(code, message));
      s.closeWrite();
    } catch (IOException e) {
      s.reset(); // the requester went away
    }
  }

  /** The requester broke the protocol: counted, logged at debug level, stream reset. */
  void violation(Stream s, String why) {
    violations.incrementAndGet();
    LOG.log(
        System.Logger.Level.DEBUG,
        () -> "task protocol violation by " + s.remotePeer() + ": " + why);
    s.reset();
  }

  Clock clock() {
    return clock;
  }

  ExecutionLimits limits() {
    return limits;
  }

  ExecutionLog log() {
    return log;
  }

  ReceiptChain receipts() {
    return receipts;
  }

  Admission admission() {
    return admission;
  }

  /**
   * Has each receipt countersigned by {@code a} before it is sent (see {@link ReceiptAttestor}).
   */
  public void attestWith(ReceiptAttestor a) {
    this.attestor = java.util.Objects.requireNonNull(a, "attestor");
  }

  ReceiptAttestor attestor() {
    return attestor;
  }

  /**
   * Serves by {@code r}'s ledger and policy: contributors first when busy, strangers below the
   * minimum balance only with a stamp.
   */
  public void reciprocity(Reciprocity r) {
    this.reciprocity = java.util.Objects.requireNonNull(r, "reciprocity");
    r.serveIntroductions(host);
  }

  /** The ledger and policy served by. */
  public Reciprocity reciprocity() {
    return reciprocity;
  }

  void succeeded() {
    succeeded.incrementAndGet();
  }

  <T> Future<T> submit(java.util.concurrent.Callable<T> work) {
    return handlers.submit(work);
  }

  /**
   * Runs {@code cap}'s handler on the handler pool until {@code invocation}'s deadline (for a
   * peer's task and for the node's own, {@link LocalRuns}): its output, or why not. A handler that
   * throws anything but a {@link HandlerException} is logged (WARNING) and reported as FAILED.
   *
   * @param abandonOnCancel whether a cancel stops waiting for the handler at once (else the handler
   *     is told and its return awaited, up to the deadline)
   * @throws HandlerException DEADLINE_EXCEEDED, CANCELLED, OUTPUT_TOO_LARGE, or the handler's own
   * @throws InterruptedException when the caller is interrupted (the handler is told to cancel)
   */
  Output runHandler(
      ServedCapability cap,
      Invocation invocation,
      Progress progress,
      Cancellation cancellation,
      boolean abandonOnCancel)
      throws HandlerException, InterruptedException {
    Future<Output> work = submit(() -> cap.handler().run(invocation, progress, cancellation));
    if (abandonOnCancel) {
      cancellation.onCancel(() -> work.cancel(true));
    }
    Output out;
    try {
      out = work.get(Math.max(0, invocation.remainingMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cancellation.cancel();
      work.cancel(true);
      throw HandlerException.deadlineExceeded();
    } catch (CancellationException e) {
      throw HandlerException.cancelled();
    } catch (ExecutionException e) {
      cancellation.cancel();
      if (e.getCause() instanceof HandlerException he) {
        throw he;
      }
      LOG.log(System.Logger.Level.WARNING, "handler of " + cap.id() + " failed", e.getCause());
      throw HandlerException.failed("internal error in the handler");
    } catch (InterruptedException e) {
      cancellation.cancel();
      throw e;
    }
    if (cancellation.isCancelled()) {
      throw HandlerException.cancelled();
    }
    long max = limits.protocol().maxOutput();
    if (out.bytes().length() > max) {
      throw HandlerException.outputTooLarge(max);
    }
    return out;
  }

  /** Stops serving; running handlers are interrupted. */
  @Override
  public void close() {
    host.unhandle(TaskCodec.PROTOCOL);
    handlers.shutdownNow();
    timers.shutdownNow();
    capabilities.values().forEach(c -> c.handler().close());
  }

  /** Capabilities currently served. */
  public List<String> ids() {
    return capabilities.keySet().stream().sorted().toList();
  }
}
