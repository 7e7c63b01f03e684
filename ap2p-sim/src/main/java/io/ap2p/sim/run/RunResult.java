package io.ap2p.sim.run;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.scenario.Point;

/**
 * What one run (point × policy × seed) measured. Everything but {@code wallMillis} and {@code
 * eventsPerSecond} is a pure function of the scenario and seed. {@code taskBytesPerWorkflow} counts
 * the bytes of real task attempts on {@code /ap2p/task/1.0.0} (INVOKE and input DATA, RESULT and
 * output DATA or ERROR, framed by the real codec); a canary's bytes count in {@code
 * verificationBytesPerWorkflow} instead; {@code cost} holds the other verification costs (not CSV
 * columns). {@code churn} counts staleness where the meter runs ({@code ChurnConfig#meter}: the
 * points of a scenario with churn; {@code ChurnStats.NONE} elsewhere), departures and returns only
 * under churn. {@code newcomers} measures honest newcomers and the price on identities ({@link
 * NewcomerStats}).
 */
public record RunResult(
    Point point,
    TierPolicy policy,
    long seed,
    int workflows,
    int succeeded,
    double discoveryP50Ms,
    double discoveryP95Ms,
    double discoveryP99Ms,
    double controlMsgsPerPeerSecond,
    double controlBytesPerPeerSecond,
    double verificationMsgsPerWorkflow,
    double verificationLatencyMsPerWorkflow,
    double taskBytesPerWorkflow,
    double verificationBytesPerWorkflow,
    double workflowLatencyP50Ms,
    long events,
    long traceHash,
    long wallMillis,
    VerificationCost cost,
    io.ap2p.sim.churn.ChurnStats churn,
    NewcomerStats newcomers) {

  /** Fraction of workflows that succeeded (0 when none ran). */
  public double successRate() {
    return workflows == 0 ? 0 : (double) succeeded / workflows;
  }

  /** Events per wall-clock second. */
  public double eventsPerSecond() {
    return wallMillis == 0 ? events * 1000.0 : events * 1000.0 / wallMillis;
  }
}
