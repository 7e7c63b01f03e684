package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointRunTest {

  static Point point(String... overrides) throws Exception {
    return ScenarioParser.parse(
            "t",
            "{\"peers\":30,\"durationSeconds\":60,\"registryRanking\":\"paper\"}",
            List.of(overrides))
        .points()
        .get(0);
  }

  /** A result without the wall-clock fields, for equality. */
  static List<Object> outcome(RunResult r) {
    return List.of(
        r.workflows(),
        r.succeeded(),
        r.discoveryP50Ms(),
        r.discoveryP99Ms(),
        r.controlBytesPerPeerSecond(),
        r.verificationMsgsPerWorkflow(),
        r.events(),
        r.traceHash());
  }

  @Test
  void aRunIsAPureFunctionOfPointPolicyAndSeed() throws Exception {
    Point p = point("sybilFraction=0.3");
    RunResult a = PointRun.run(p, TierPolicy.RISK_AWARE, 7);
    RunResult b = PointRun.run(p, TierPolicy.RISK_AWARE, 7);
    RunResult c = PointRun.run(p, TierPolicy.RISK_AWARE, 8);
    assertThat(outcome(a)).isEqualTo(outcome(b));
    assertThat(a.traceHash()).isNotEqualTo(c.traceHash());
    assertThat(a.workflows()).isGreaterThan(20);
    assertThat(a.events()).isGreaterThan(1000);
  }

  @Test
  void sharingAMemoAcrossPoliciesChangesNoOutcome() throws Exception {
    Point p = point("sybilFraction=0.2");
    Memo memo = new Memo();
    for (TierPolicy policy : TierPolicy.values()) {
      RunResult shared = PointRun.run(p, policy, 3, memo);
      RunResult alone = PointRun.run(p, policy, 3);
      assertThat(outcome(shared)).as(policy.label()).isEqualTo(outcome(alone));
    }
    assertThat(memo.signatureCount()).isPositive();
    assertThat(memo.descriptorCount()).isPositive();
  }

  @Test
  void theSignatureCostModelChangesNoOutcome() throws Exception {
    for (String discovery : List.of("registry", "dht")) {
      for (TierPolicy policy : List.of(TierPolicy.NAIVE, TierPolicy.RISK_AWARE)) {
        RunResult real =
            PointRun.run(point("sybilFraction=0.2", "discovery=" + discovery), policy, 5);
        RunResult model =
            PointRun.run(
                point("sybilFraction=0.2", "discovery=" + discovery, "signatures=model"),
                policy,
                5);
        assertThat(outcome(model)).as(discovery + " " + policy.label()).isEqualTo(outcome(real));
      }
    }
  }

  @Test
  void moreCapabilitiesSpreadHonestProvidersWhileSybilsStillTargetTheWorkflow() throws Exception {
    // 60 peers over 6 capabilities: 10 honest providers for each of the workflow's two tags
    Point clean = point("peers=60", "capabilities=6");
    assertThat(PointRun.run(clean, TierPolicy.NAIVE, 2).successRate()).isGreaterThan(0.8);
    // the 12 Sybils all claim the workflow's tags, against those 10 honest ones each; each
    // requester pays for the Sybils it has not met yet out of its budget of 3 attempts per step (a
    // canary is an attempt), so two requesters, each learning fast
    Point poisoned = point("peers=60", "capabilities=6", "sybilFraction=0.2", "requesters=2");
    assertThat(PointRun.run(poisoned, TierPolicy.NAIVE, 2).successRate()).isLessThan(0.2);
    assertThat(PointRun.run(poisoned, TierPolicy.RISK_AWARE, 2).successRate()).isGreaterThan(0.6);
  }

  @Test
  void registryExplorationReachesHonestProvidersBehindMoreSybilsThanAnAnswerHolds()
      throws Exception {
    // 60 Sybils per workflow tag, more than the 50 matches a requester asks for, with the same
    // tenure as the honest: every answer is all Sybils unless the registry explores (one
    // requester, which pays for every Sybil it meets out of its attempt budget)
    Point poisoned = point("peers=300", "sybilFraction=0.4", "durationSeconds=120", "requesters=1");
    Point explored =
        point(
            "peers=300",
            "sybilFraction=0.4",
            "durationSeconds=120",
            "requesters=1",
            "registryExplore=0.5");
    double closed = PointRun.run(poisoned, TierPolicy.RISK_AWARE, 1).successRate();
    double open = PointRun.run(explored, TierPolicy.RISK_AWARE, 1).successRate();
    assertThat(closed).isLessThan(0.1);
    assertThat(open).isGreaterThan(closed + 0.3);
  }

  @Test
  void naiveTrustCollapsesUnderSybilsWhileRiskAwareSelectionHolds() throws Exception {
    Point clean = point("sybilFraction=0");
    // two requesters over two minutes: each meets the Sybils with its budget of 3 attempts per
    // step, canaries included, and learns to avoid them
    Point poisoned = point("sybilFraction=0.4", "requesters=2", "durationSeconds=120");
    assertThat(PointRun.run(clean, TierPolicy.NAIVE, 1).successRate()).isGreaterThan(0.8);
    assertThat(PointRun.run(poisoned, TierPolicy.NAIVE, 1).successRate()).isLessThan(0.2);
    RunResult risk = PointRun.run(poisoned, TierPolicy.RISK_AWARE, 1);
    assertThat(risk.successRate()).isGreaterThan(0.75);
    assertThat(risk.verificationMsgsPerWorkflow()).isPositive();
  }

  @Test
  void aShorterTtlCostsMoreControlMessages() throws Exception {
    double shortTtl =
        PointRun.run(point("ttlSeconds=4"), TierPolicy.NAIVE, 1).controlMsgsPerPeerSecond();
    double longTtl =
        PointRun.run(point("ttlSeconds=60"), TierPolicy.NAIVE, 1).controlMsgsPerPeerSecond();
    assertThat(shortTtl).isGreaterThan(2 * longTtl);
  }

  @Test
  void discoveryLatencyIncludesTheRegistryRoundTrip() throws Exception {
    RunResult r =
        PointRun.run(point("registryLinkMedianMs=100", "linkSigma=0"), TierPolicy.NAIVE, 1);
    assertThat(r.discoveryP50Ms()).isBetween(200.0, 260.0);
    assertThat(r.discoveryP99Ms()).isGreaterThanOrEqualTo(r.discoveryP50Ms());
  }

  @Test
  void everyAdversaryRuns() throws Exception {
    for (String adv : List.of("canary-evader", "whitewasher", "colluder")) {
      Point p =
          point(
              "sybilFraction=0.3", "adversary=" + adv, "feedbackSharing=true", "canaryEvasion=0.9");
      RunResult r = PointRun.run(p, TierPolicy.CANARY, 2);
      assertThat(r.workflows()).as(adv).isPositive();
    }
  }

  @Test
  void theDhtModeRunsTheSameWorkflowsDeterministically() throws Exception {
    Point clean = point("discovery=dht");
    RunResult a = PointRun.run(clean, TierPolicy.RISK_AWARE, 5);
    RunResult b = PointRun.run(clean, TierPolicy.RISK_AWARE, 5);
    assertThat(outcome(a)).isEqualTo(outcome(b));
    assertThat(a.successRate()).isGreaterThan(0.8);
    // a lookup takes several peer round trips: slower than one registry round trip, but bounded
    assertThat(a.discoveryP50Ms()).isGreaterThan(40).isLessThan(2000);
    Point poisoned = point("discovery=dht", "sybilFraction=0.4", "requesters=2");
    assertThat(PointRun.run(poisoned, TierPolicy.NAIVE, 1).successRate()).isLessThan(0.2);
    assertThat(PointRun.run(poisoned, TierPolicy.RISK_AWARE, 1).successRate()).isGreaterThan(0.6);
  }

  @Test
  void taskBytesAreCountedAsTheTaskCodecFramesThem() throws Exception {
    Point clean = point("sybilFraction=0");
    RunResult naive = PointRun.run(clean, TierPolicy.NAIVE, 1);
    RunResult evidence = PointRun.run(clean, TierPolicy.EVIDENCE, 1);
    RunResult canary = PointRun.run(clean, TierPolicy.CANARY, 1);
    // two steps, each at least an INVOKE with 64 or 32 bytes of input and a RESULT with 32 of
    // output; hardly any attempt fails in a clean world
    assertThat(naive.taskBytesPerWorkflow()).isBetween(2 * 200.0, 2 * 400.0);
    assertThat(naive.verificationBytesPerWorkflow()).isZero();
    // receipts, signed and attested, ride on every RESULT under the evidence policy
    assertThat(evidence.taskBytesPerWorkflow()).isGreaterThan(naive.taskBytesPerWorkflow() + 300);
    assertThat(evidence.verificationBytesPerWorkflow()).isZero();
    // a canary is a task of the same size, counted as verification cost
    assertThat(canary.verificationBytesPerWorkflow())
        .isBetween(0.5 * naive.taskBytesPerWorkflow(), 1.5 * naive.taskBytesPerWorkflow());
  }

  @Test
  void aSybilClaimingNoAttestationGetsNoTier3StepAndColludingAttestorsAreNeeded() throws Exception {
    // the requester's policy decides what evidence a step needs: a Sybil that does not claim
    // attestation is skipped on the high-risk step, as one that claims it is refused
    Point claims = point("sybilFraction=0.4", "requesters=2", "durationSeconds=120");
    Point silent =
        point(
            "sybilFraction=0.4",
            "requesters=2",
            "durationSeconds=120",
            "adversaryClaimsAttestation=false");
    double withClaim = PointRun.run(claims, TierPolicy.EVIDENCE, 1).successRate();
    double without = PointRun.run(silent, TierPolicy.EVIDENCE, 1).successRate();
    assertThat(without).isGreaterThanOrEqualTo(withClaim - 0.1);
    // every attestor colluding: none refuses, whatever the output
    Point bought =
        point("sybilFraction=0.4", "requesters=2", "durationSeconds=120", "attestorCollusion=1");
    RunResult r = PointRun.run(bought, TierPolicy.EVIDENCE, 1);
    assertThat(r.cost().attestRequests()).isPositive();
    assertThat(r.cost().attestRefused()).isLessThanOrEqualTo(r.cost().attestRequests() / 10);
  }

  @Test
  void aCanarySetCostsOnceAndFreshCanariesCostEachTime() throws Exception {
    RunResult fresh = PointRun.run(point("sybilFraction=0.2"), TierPolicy.CANARY, 1);
    RunResult set =
        PointRun.run(
            point("sybilFraction=0.2", "canarySource=set", "canarySetSize=5"),
            TierPolicy.CANARY,
            1);
    assertThat(fresh.cost().canaryComputeMs()).isPositive();
    assertThat(set.cost().canaryComputeMs())
        .isPositive()
        .isLessThan(fresh.cost().canaryComputeMs());
  }
}
