package io.ap2p.sim.run;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;

/** What one run counts as it goes, and the {@link RunResult} it makes of it at the end. */
final class Measures {
  long controlMsgs;
  long controlBytes;
  final Percentiles discoveryMs = new Percentiles();
  final Percentiles workflowMs = new Percentiles();
  int workflows;
  int succeeded;
  long verificationMsgs;
  double verificationMs;
  long taskBytes;
  long verificationBytes;
  double canaryComputeMs;
  long attestRequests;
  long attestRefused;
  double attestorComputeMs;
  long oracleExecutions;
  long attestorExecutions;
  private final long[] evader = new long[4]; // canaries, taken; real tasks, taken
  private long silentAttempts;
  private double silentWaitMs;
  private double silentOpeningMaxMs;

  /**
   * An attempt reached a silent adversary, which will never answer: the requester waits {@code
   * waitMs} for it; {@code opening} when it was its step's first attempt (an explored stranger's,
   * when the step explores).
   */
  void silent(boolean opening, double waitMs) {
    silentAttempts++;
    silentWaitMs += waitMs;
    if (opening) {
      silentOpeningMaxMs = Math.max(silentOpeningMaxMs, waitMs);
    }
  }

  /** A canary evader received a task: a canary or not, and whether it took it for one. */
  void evaderJudged(boolean canary, boolean takenForCanary) {
    int i = canary ? 0 : 2;
    evader[i]++;
    if (takenForCanary) {
      evader[i + 1]++;
    }
  }

  /** Honest newcomers watched (null without them), and the price on identities. */
  Newcomers newcomers;

  IdentityPrice price;

  /** A requester sent {@code peer} a task (a canary when {@code probe}). */
  void selected(io.ap2p.core.identity.PeerId peer, boolean probe, long nowMicros) {
    if (newcomers != null) {
      newcomers.selected(peer, probe, nowMicros);
    }
  }

  /** Judges discovery answers for staleness (every run of PointRun sets one). */
  io.ap2p.sim.churn.ChurnMeter churn;

  /**
   * A requester executed a capability {@code executions} times for canary answers, in {@code ms}.
   */
  void canaryOracle(double ms, long executions) {
    canaryComputeMs += ms;
    oracleExecutions += executions;
  }

  /** An attestor answered (or none did: {@code refused}), re-executing the task for {@code ms}. */
  void attested(boolean refused, double ms) {
    attestRequests++;
    attestRefused += refused ? 1 : 0;
    attestorComputeMs += ms;
    attestorExecutions += ms > 0 ? 1 : 0;
  }

  /** Counts one control-plane message of {@code bytes}. */
  void control(long bytes) {
    controlMsgs++;
    controlBytes += bytes;
  }

  /** Counts {@code bytes} of a task attempt: a canary's are verification cost. */
  void taskBytes(boolean canary, long bytes) {
    if (canary) {
      verificationBytes += bytes;
    } else {
      taskBytes += bytes;
    }
  }

  /**
   * The result of the run of {@code point} under {@code policy} and {@code seed} on {@code engine}.
   */
  RunResult result(Point point, TierPolicy policy, long seed, Engine engine, long wallMillis) {
    double perPeerSecond = point.peers() * point.durationSeconds();
    return new RunResult(
        point,
        policy,
        seed,
        workflows,
        succeeded,
        discoveryMs.quantile(0.50),
        discoveryMs.quantile(0.95),
        discoveryMs.quantile(0.99),
        controlMsgs / perPeerSecond,
        controlBytes / perPeerSecond,
        workflows == 0 ? 0 : (double) verificationMsgs / workflows,
        workflows == 0 ? 0 : verificationMs / workflows,
        workflows == 0 ? 0 : (double) taskBytes / workflows,
        workflows == 0 ? 0 : (double) verificationBytes / workflows,
        workflowMs.quantile(0.50),
        engine.processed(),
        engine.traceHash(),
        wallMillis,
        new VerificationCost(
            canaryComputeMs,
            attestRequests,
            attestRefused,
            attestorComputeMs,
            evader[0],
            evader[1],
            evader[2],
            evader[3],
            oracleExecutions,
            attestorExecutions,
            silentAttempts,
            silentWaitMs,
            silentOpeningMaxMs),
        churn == null ? io.ap2p.sim.churn.ChurnStats.NONE : churn.stats(),
        newcomers != null
            ? newcomers.stats(price, engine.nowMicros())
            : price != null && (price.priced() || price.bought() > 0) // priced, or whitewashed
                ? new Newcomers().stats(price, engine.nowMicros())
                : NewcomerStats.NONE);
  }
}
