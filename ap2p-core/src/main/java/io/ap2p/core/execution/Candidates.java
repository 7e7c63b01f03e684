package io.ap2p.core.execution;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.trust.Checks;
import io.ap2p.core.trust.ReceiptVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The candidates a {@link Delegation} walks, best first: those offered that can give the evidence
 * their checks require ({@link CandidateRules#canGiveEvidence}); the others are skipped before any
 * attempt.
 */
final class Candidates {

  private final List<Match> offered;
  private final ReceiptVerifier verifier;
  private Function<CapabilityDescriptor, Checks> checksOf;
  private List<Match> usable;
  private int next;
  private int skipped;

  /** {@code offered}, each checked with {@code checks}. */
  Candidates(List<Match> offered, Checks checks, ReceiptVerifier verifier) {
    this.offered = List.copyOf(offered);
    this.verifier = verifier;
    this.checksOf = d -> checks;
    keepThoseThatCanGiveEvidence();
  }

  /** Checks each candidate with {@code perCandidate} of its descriptor instead; before any next. */
  void checkingEach(Function<CapabilityDescriptor, Checks> perCandidate) {
    checksOf = perCandidate;
    keepThoseThatCanGiveEvidence();
  }

  /** The checks {@code d}'s candidate gets. */
  Checks checksFor(SignedDescriptor d) {
    return checksOf.apply(d.descriptor());
  }

  /** Whether every usable candidate has been handed out. */
  boolean exhausted() {
    return next >= usable.size();
  }

  /** The next usable candidate. */
  SignedDescriptor next() {
    return usable.get(next++).descriptor();
  }

  /** Candidates left out because they cannot give the evidence the step needs. */
  int skipped() {
    return skipped;
  }

  private void keepThoseThatCanGiveEvidence() {
    List<Match> out = new ArrayList<>();
    for (Match m : offered) {
      if (CandidateRules.canGiveEvidence(
          m.descriptor().descriptor(), checksFor(m.descriptor()), verifier)) {
        out.add(m);
      }
    }
    skipped = offered.size() - out.size();
    usable = List.copyOf(out);
  }
}
