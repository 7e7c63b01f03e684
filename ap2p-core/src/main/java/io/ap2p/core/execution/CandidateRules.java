package io.ap2p.core.execution;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.Checks;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.verdict.Verdict;

/** What a delegation asks of each candidate: the evidence it must be able to give, its timeout. */
final class CandidateRules {

  private CandidateRules() {}

  /**
   * Whether {@code d}'s provider can give the evidence {@code checks} require: signed receipts, and
   * when attestation is required and the requester pins attestors, one of them listed.
   */
  static boolean canGiveEvidence(CapabilityDescriptor d, Checks checks, ReceiptVerifier verifier) {
    if (!checks.evidence()) {
      return true;
    }
    if (!d.verification().receipts()) {
      return false;
    }
    if (!(checks.attestation() && verifier.pinsAttestors())) {
      return true;
    }
    return d.verification().attestors().stream().anyMatch(verifier::trusts);
  }

  /** Why {@code skipped} candidates were left out under {@code checks}. */
  static String skipped(int skipped, Checks checks, ReceiptVerifier verifier) {
    return skipped
        + " candidate(s) skipped: "
        + (checks.attestation() && verifier.pinsAttestors()
            ? "no signed receipts attested by an attestor this requester pins"
            : "no signed receipts");
  }

  /**
   * When an attempt sent at {@code sentAt} to {@code d} times out: at {@code stepDeadline} or the
   * descriptor's own deadline, whichever is first, and, held to claims ({@code claimFloorMillis} >
   * 0), at {@link Delegation#CLAIM_FACTOR} times the claimed p95 (at least the floor).
   */
  static long timeout(
      CapabilityDescriptor d, long sentAt, long stepDeadline, long claimFloorMillis) {
    long t = Math.min(stepDeadline, sentAt + d.constraints().deadlineMs());
    if (claimFloorMillis > 0 && d.qos().isPresent()) {
      long claimed = d.qos().get().latencyP95Ms();
      long held =
          claimed > Long.MAX_VALUE / Delegation.CLAIM_FACTOR
              ? Long.MAX_VALUE
              : claimed * Delegation.CLAIM_FACTOR;
      t = Math.min(t, sentAt + Math.max(claimFloorMillis, held));
    }
    return t;
  }

  /**
   * The verdict on the receipt of {@code result}, the answer of {@code target}'s provider to {@code
   * task} sent at {@code sentAt}: attestation is required whenever {@code checks} ask for it and
   * the requester pins an attestor, whatever the descriptor claims (the requester's policy
   * decides).
   */
  static Verdict<SignedReceipt> evidence(
      ReceiptVerifier verifier,
      Checks checks,
      SignedDescriptor target,
      Task task,
      TaskResult result,
      long sentAt,
      Clock clock) {
    CapabilityDescriptor d = target.descriptor();
    return verifier.verify(
        result.receipt(),
        new ReceiptVerifier.Expected(
            d.peer(),
            task.input(),
            task.nonce(),
            result.output(),
            d.state().version(),
            sentAt,
            clock.millis(),
            d.id()),
        checks.attestation() && verifier.pinsAttestors());
  }
}
