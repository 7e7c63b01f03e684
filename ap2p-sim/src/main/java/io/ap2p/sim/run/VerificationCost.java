package io.ap2p.sim.run;

/**
 * What verification cost one run beyond the canaries' messages and bytes, and how well a canary
 * evader told canaries from real tasks (totals over the run; the report divides by workflows).
 *
 * @param canaryComputeMs requester time spent learning canaries' answers (re-executing each fresh
 *     canary, or building its canary set once per capability)
 * @param attestRequests countersignatures asked of attestors
 * @param attestRefused of which refused (wrong output, or no attestor answered)
 * @param attestorComputeMs attestor time spent re-executing tasks to check them
 * @param evaderCanaries canaries that reached a canary evader
 * @param evaderCanariesTaken of which it took for canaries (and answered right)
 * @param evaderReal real tasks that reached a canary evader
 * @param evaderRealTaken of which it took for canaries (answered right: a false alarm)
 * @param oracleExecutions executions of a capability by requesters to learn canaries' answers
 * @param attestorExecutions re-executions of tasks by attestors checking a receipt
 * @param silentAttempts attempts (canaries and real tasks) that reached a silent adversary
 * @param silentWaitMs the time requesters waited on them until their timeouts
 * @param silentOpeningMaxMs the longest of those waits on a step's first attempt (an explored
 *     stranger's when the step explores: at most half the step's time), 0 when none
 */
public record VerificationCost(
    double canaryComputeMs,
    long attestRequests,
    long attestRefused,
    double attestorComputeMs,
    long evaderCanaries,
    long evaderCanariesTaken,
    long evaderReal,
    long evaderRealTaken,
    long oracleExecutions,
    long attestorExecutions,
    long silentAttempts,
    double silentWaitMs,
    double silentOpeningMaxMs) {}
