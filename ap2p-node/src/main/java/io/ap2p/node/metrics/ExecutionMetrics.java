package io.ap2p.node.metrics;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.ExecutionEvents;
import io.ap2p.node.execution.ExecutionLog;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Execution as metrics: the tasks that ended, on both sides, timed (seen through {@link #wrap}, an
 * {@link ExecutionLog} in front of the node's own), and the verification checks delegation reports.
 */
final class ExecutionMetrics implements ExecutionEvents {

  /** Delegated runs whose start is remembered until they end; beyond it the oldest is dropped. */
  static final int MAX_OPEN_RUNS = 4096;

  private static final Set<String> ENDS = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
  private static final Set<String> KINDS = Set.of("invoke", "workflow");

  private final Histogram served;
  private final Histogram delegated;
  private final Counter checks;
  private final Map<String, Started> open =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Started> eldest) {
          return size() > MAX_OPEN_RUNS;
        }
      }; // guarded by itself

  private record Started(String kind, long atMillis) {}

  ExecutionMetrics(Families f) {
    served =
        f.histogram(
            "ap2p_served_task_duration_seconds",
            "Tasks this node ran for peers (and for its own A2A clients), from handler start to"
                + " answer, by outcome.",
            Families.TASK_SECONDS,
            "outcome");
    delegated =
        f.histogram(
            "ap2p_delegated_task_duration_seconds",
            "Tasks and workflows this node delegated, from start to end (discovery, attempts,"
                + " canaries and fallback included), by kind and outcome.",
            Families.TASK_SECONDS,
            "kind",
            "outcome");
    checks =
        f.counter(
            "ap2p_verification_checks_total",
            "Verification checks of delegated steps, by tier (2: canary, 3: receipt), check and"
                + " result.",
            "tier",
            "check",
            "result");
    for (String r : new String[] {"passed", "failed"}) {
      checks.initLabelValues("2", "canary", r);
      checks.initLabelValues("3", "receipt", r);
    }
  }

  private static String ending(String state) {
    return ENDS.contains(state) ? state.toLowerCase(Locale.ROOT) : "other";
  }

  // ---- ExecutionEvents

  @Override
  public void checked(int tier, String check, boolean passed) {
    String c = check.equals("canary") || check.equals("receipt") ? check : "other";
    checks.labelValues(Integer.toString(tier), c, passed ? "passed" : "failed").inc();
  }

  /**
   * {@code log} with every call passed on (first: a failure to record stays the caller's) and the
   * tasks it sees end measured. Every method of {@link ExecutionLog} is passed on (a test checks
   * it).
   */
  ExecutionLog wrap(ExecutionLog log) {
    return new Tee(log);
  }

  private void delegationStarted(String taskId, String kind, long atMillis) {
    synchronized (open) {
      open.put(taskId, new Started(KINDS.contains(kind) ? kind : "other", atMillis));
    }
  }

  private void delegationEnded(String taskId, String state, long atMillis) {
    if (!ENDS.contains(state)) {
      return;
    }
    Started s;
    synchronized (open) {
      s = open.remove(taskId);
    }
    if (s != null) {
      delegated
          .labelValues(s.kind(), ending(state))
          .observe(Math.max(0, atMillis - s.atMillis()) / 1000.0);
    }
  }

  /** The node's own log, passed every call, with the ends of tasks measured. */
  final class Tee implements ExecutionLog {
    private final ExecutionLog log;

    Tee(ExecutionLog log) {
      this.log = log;
    }

    @Override
    public void served(ServedTask task) {
      log.served(task);
      served
          .labelValues(ending(task.state()))
          .observe(Math.max(0, task.endedAtMillis() - task.startedAtMillis()) / 1000.0);
    }

    @Override
    public boolean served(PeerId requester, String taskId) {
      return log.served(requester, taskId);
    }

    @Override
    public Optional<Bytes> lastGivenHash() {
      return log.lastGivenHash();
    }

    @Override
    public void delegated(String taskId, String kind, String requestJson, long atMillis) {
      log.delegated(taskId, kind, requestJson, atMillis);
      delegationStarted(taskId, kind, atMillis);
    }

    @Override
    public void delegationUpdated(
        String taskId, String state, String detail, String resultJson, long atMillis) {
      log.delegationUpdated(taskId, state, detail, resultJson, atMillis);
      delegationEnded(taskId, state, atMillis);
    }

    @Override
    public void outcome(PeerId peer, String tag, boolean ok, String kind, long atMillis) {
      log.outcome(peer, tag, ok, kind, atMillis);
    }

    @Override
    public void receiptAttested(PeerId requester, String taskId, SignedReceipt attested) {
      log.receiptAttested(requester, taskId, attested);
    }

    @Override
    public void delegationEvidence(DelegationEvidence e) {
      log.delegationEvidence(e);
    }

    @Override
    public void receiptReceived(
        String taskId, SignedReceipt receipt, PeerId provider, String capability, long atMillis) {
      log.receiptReceived(taskId, receipt, provider, capability, atMillis);
    }
  }
}
