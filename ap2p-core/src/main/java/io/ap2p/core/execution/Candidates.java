package io.ap2p.core.execution;

import io.ap2p.core.discovery.Availability;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.Checks;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.RiskClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The candidates a {@link Delegation} walks, best first: those offered that can give the evidence
 * their checks require ({@link CandidateRules#canGiveEvidence}); the others are skipped before any
 * attempt. A fallback to discovery appends the new ones of a later answer ({@link #add}); every
 * provider offered so far is remembered, so that the next query can leave them out.
 */
final class Candidates {

  private final List<Match> offered;
  private final ReceiptVerifier verifier;
  private final Set<PeerId> seen = new LinkedHashSet<>(); // every provider offered, in order
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
    offered.forEach(m -> seen.add(m.descriptor().descriptor().peer()));
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

  /**
   * Whether every candidate not yet handed out is one {@code reputation} distrusts for {@code tag}
   * (a score below zero: caught failing), and there is at least one.
   */
  boolean restDistrusted(Reputation reputation, CapabilityTag tag) {
    for (int i = next; i < usable.size(); i++) {
      if (reputation.score(usable.get(i).descriptor().descriptor().peer(), tag) >= 0) {
        return false;
      }
    }
    return next < usable.size();
  }

  /**
   * Draws one candidate not yet handed out that {@code reputation} has no record of (an untested
   * stranger) and whose declared side effect {@code exploration} permits, uniformly at random from
   * {@code random} among all such that announce themselves available (among the degraded or
   * unavailable only when there is none: their own admission is believed, as in ranking), and
   * returns its place for {@link #putFirst}; empty, drawing nothing, when there is none.
   */
  java.util.OptionalInt drawStranger(
      Reputation reputation, Exploration exploration, java.util.random.RandomGenerator random) {
    List<Integer> strangers = new ArrayList<>();
    List<Integer> unavailable =
        new ArrayList<>(); // announced degraded or unavailable: only if none
    for (int i = next; i < usable.size(); i++) {
      CapabilityDescriptor d = usable.get(i).descriptor().descriptor();
      if (!reputation.known(d.peer())
          && exploration.permits(RiskClass.of(d.constraints().sideEffect()))) {
        (d.state().availability() == Availability.AVAILABLE ? strangers : unavailable).add(i);
      }
    }
    if (strangers.isEmpty()) {
      strangers = unavailable;
    }
    if (strangers.isEmpty()) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(strangers.get(random.nextInt(strangers.size())));
  }

  /** Moves the candidate at {@code place} (from {@link #drawStranger}) to the front; returns it. */
  SignedDescriptor putFirst(int place) {
    List<Match> out = new ArrayList<>(usable);
    Match chosen = out.remove(place);
    out.add(next, chosen);
    usable = List.copyOf(out);
    return chosen.descriptor();
  }

  /** Every provider offered so far (tried, skipped, distrusted or not yet tried), first first. */
  Set<PeerId> seen() {
    return Collections.unmodifiableSet(seen);
  }

  /**
   * Puts the matches of {@code more} that name a provider not offered before, and that can give the
   * evidence the step needs, after the candidates not yet handed out (a discovery service may
   * ignore exclusions: this is where they hold). Returns how many were added.
   */
  int add(List<Match> more) {
    List<Match> fresh = new ArrayList<>();
    for (Match m : more) {
      if (seen.add(m.descriptor().descriptor().peer())
          && CandidateRules.canGiveEvidence(
              m.descriptor().descriptor(), checksFor(m.descriptor()), verifier)) {
        fresh.add(m);
      }
    }
    // the new answer's candidates come before the distrusted rest of the old one
    List<Match> out = new ArrayList<>(usable.subList(0, next));
    out.addAll(fresh);
    out.addAll(usable.subList(next, usable.size()));
    usable = List.copyOf(out);
    return fresh.size();
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
