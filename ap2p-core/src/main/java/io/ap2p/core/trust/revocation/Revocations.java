package io.ap2p.core.trust.revocation;

import io.ap2p.core.discovery.DescriptorKey;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Verified revocations held as soft state, each until the retention of its kind runs out, and what
 * they refuse. Pure: time comes from the injected clock. Not thread-safe.
 *
 * <ul>
 *   <li>A descriptor revocation refuses every seq up to its {@code upToSeq} of that descriptor; a
 *       higher one held replaces a lower one.
 *   <li>A hand-over refuses every descriptor of the old key and names its successor ({@link
 *       #successor}).
 *   <li>A compromise refuses every descriptor of the key and the key itself; it voids the key's
 *       hand-over, whose successor is refused too. Two hand-overs of one key naming different
 *       successors count as a compromise. So the outcome does not depend on the order in which a
 *       holder hears of them, and replicas converge.
 * </ul>
 */
public final class Revocations {

  /** What an accepted offer changed. */
  public enum Change {
    /** A revocation nothing held covered. */
    ADDED,
    /** A descriptor revocation with a higher seq than the held one. */
    RAISED,
    /** A revocation with the effect of a held one but a longer retention; it replaced it. */
    EXTENDED
  }

  private final Clock clock;
  private final RevocationLimits limits;
  private final Map<DescriptorKey, SignedRevocation> descriptors = new LinkedHashMap<>();
  // per key: its descriptors with a revocation held
  private final Map<PeerId, Set<DescriptorKey>> byPeer = new HashMap<>();
  // per key: its hand-overs (two with different successors mean a compromise) and compromise
  private final Map<PeerId, List<SignedRevocation>> identities = new LinkedHashMap<>();
  private final Predecessors predecessors = new Predecessors();
  // every revocation held, in the order it goes when the table is full: least use first
  private final Eviction eviction = new Eviction();
  private ToLongFunction<Revocation> use = r -> 1;
  private boolean equalGoes; // whether a revocation evicts one of equal use (see rank)
  private int size;
  private long nextExpiry = Long.MAX_VALUE;

  /** An empty table with {@code limits}, on {@code clock}. */
  public Revocations(Clock clock, RevocationLimits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /** The bounds of this table. */
  public RevocationLimits limits() {
    return limits;
  }

  /**
   * Sets what this holder has a use for, as a predicate: a favoured revocation has use 1, another 0
   * (see {@link #rank}), except that a favoured one never evicts another favoured one (a table full
   * of favoured ones refuses more). Without {@code favour} or {@code rank}, all are favoured.
   */
  public void favour(Predicate<Revocation> favoured) {
    java.util.Objects.requireNonNull(favoured, "favoured");
    this.use = r -> favoured.test(r) ? 1 : 0;
    this.equalGoes = false;
  }

  /**
   * Sets how much use this holder has for a revocation (0: none; more outranks less; a registry:
   * how long it held the keys and descriptors it touches, see docs/revocation.md), judged when a
   * revocation is taken and again before it would be evicted. When the table is full, a new
   * revocation evicts the held one of least use (of equal use, the one taken first) if that one's
   * use is at most its own, and is refused {@code TABLE_FULL} otherwise; so revocations of keys the
   * holder had less use for never crowd out those it had more use for.
   */
  public void rank(ToLongFunction<Revocation> use) {
    this.use = java.util.Objects.requireNonNull(use, "use");
    this.equalGoes = true;
  }

  /** How many revocations held were taken while of no use (see {@link #rank}). */
  public int unfavoured() {
    return eviction.useless();
  }

  /**
   * How many keys the walks over chains of hand-overs ({@link #about}, {@link #refusal}, {@link
   * #touched}) have looked at since this table was made: a measure of their work.
   */
  public long visited() {
    return predecessors.visited();
  }

  // makes room for one more revocation of use u, evicting one of no more use if needed
  private boolean room(long u) {
    while (size >= limits.maxEntries()) {
      SignedRevocation victim = eviction.victim(u, use, equalGoes);
      if (victim == null) {
        return false;
      }
      drop(victim);
    }
    return true;
  }

  // removes one held revocation from every index
  private void drop(SignedRevocation s) {
    eviction.remove(s);
    Revocation r = s.revocation();
    if (r instanceof Revocation.OfDescriptor d) {
      if (descriptors.remove(d.descriptor(), s)) {
        byPeer.computeIfPresent(
            d.peer(),
            (p, keys) -> {
              keys.remove(d.descriptor());
              return keys.isEmpty() ? null : keys;
            });
        size--;
      }
      return;
    }
    List<SignedRevocation> held = identities.get(r.peer());
    if (held != null && held.remove(s)) {
      unname(r.peer(), s);
      size--;
      if (held.isEmpty()) {
        identities.remove(r.peer());
      }
    }
  }

  private void swapped(SignedRevocation previous, SignedRevocation current) {
    eviction.remove(previous);
    eviction.add(current, use.applyAsLong(current.revocation()));
  }

  /**
   * Takes a revocation that {@link RevocationValidator} accepted. Ignored when what is held already
   * says as much; rejected when expired or the table is full.
   */
  public Verdict<Change> offer(SignedRevocation s) {
    expireDue();
    Revocation r = s.revocation();
    long until = limits.retainUntil(r);
    if (until <= clock.millis()) {
      return Verdict.reject(RevocationReason.EXPIRED, "past retention");
    }
    nextExpiry = Math.min(nextExpiry, until); // an offer refused below only sweeps early
    if (r instanceof Revocation.OfDescriptor d) {
      SignedRevocation held = descriptors.get(d.descriptor());
      if (held != null) {
        long heldSeq = ((Revocation.OfDescriptor) held.revocation()).upToSeq();
        if (heldSeq >= d.upToSeq()) {
          return Verdict.ignore(RevocationReason.DUPLICATE, "revoked up to seq " + heldSeq);
        }
        descriptors.put(d.descriptor(), s);
        swapped(held, s);
        return Verdict.accept(Change.RAISED);
      }
      if (byPeer.getOrDefault(d.peer(), Set.of()).size() >= limits.maxPerPeer()) {
        return Verdict.reject(RevocationReason.TABLE_FULL, d.peer().shortForm() + " holds enough");
      }
      long u = use.applyAsLong(r);
      if (!room(u)) {
        return Verdict.reject(RevocationReason.TABLE_FULL, size + " revocations held");
      }
      descriptors.put(d.descriptor(), s);
      byPeer.computeIfAbsent(d.peer(), p -> new LinkedHashSet<>()).add(d.descriptor());
      eviction.add(s, u);
      size++;
      return Verdict.accept(Change.ADDED);
    }
    List<SignedRevocation> held = identities.getOrDefault(r.peer(), List.of());
    for (int i = 0; i < held.size(); i++) {
      SignedRevocation h = held.get(i);
      if (sameEffect(h.revocation(), r)) {
        // the same effect issued later lives longer: keep it (a backdated copy, say a thief's,
        // must not shorten the owner's), and answer accepted so it replicates
        if (limits.retainUntil(h.revocation()) >= until) {
          return Verdict.ignore(RevocationReason.DUPLICATE, "already held: " + h);
        }
        held.set(i, s);
        swapped(h, s);
        return Verdict.accept(Change.EXTENDED);
      }
    }
    if (r instanceof Revocation.Rotation rot && !predecessors.room(rot.successor().peerId())) {
      // a key is the successor of one key (countersigned by it): more would let one key make its
      // holders keep any number of hand-overs, and each look-up about it walk them all
      return Verdict.reject(
          RevocationReason.TABLE_FULL,
          rot.successor().peerId().shortForm() + " is already named by a hand-over held");
    }
    if (held.size() >= 3) { // a compromise and two hand-overs say everything there is to say
      int earliest = 0;
      for (int i = 1; i < held.size(); i++) {
        if (limits.retainUntil(held.get(i).revocation())
            < limits.retainUntil(held.get(earliest).revocation())) {
          earliest = i;
        }
      }
      if (limits.retainUntil(held.get(earliest).revocation()) >= until) {
        return Verdict.ignore(RevocationReason.DUPLICATE, r.peer().shortForm() + " is compromised");
      }
      // the key stays compromised (what is left and this one say so); keep what lives longest
      SignedRevocation gone = held.remove(earliest);
      unname(r.peer(), gone);
      eviction.remove(gone);
      size--;
    }
    long u = use.applyAsLong(r);
    if (!room(u)) {
      return Verdict.reject(RevocationReason.TABLE_FULL, size + " revocations held");
    }
    identities.computeIfAbsent(r.peer(), p -> new ArrayList<>(2)).add(s);
    eviction.add(s, u);
    if (r instanceof Revocation.Rotation rot) {
      predecessors.name(rot.successor().peerId(), r.peer());
    }
    size++;
    return Verdict.accept(Change.ADDED);
  }

  private void unname(PeerId old, SignedRevocation gone) {
    if (gone.revocation() instanceof Revocation.Rotation rot) {
      predecessors.unname(rot.successor().peerId(), old);
    }
  }

  /**
   * Until when what is held keeps {@code r}'s effect: the latest retention of a held revocation
   * with the same effect (for a descriptor, one covering its seq), or 0 when none is held.
   */
  public long heldUntil(Revocation r) {
    long now = clock.millis();
    long best = 0;
    if (r instanceof Revocation.OfDescriptor d) {
      SignedRevocation h = descriptors.get(d.descriptor());
      if (h != null && ((Revocation.OfDescriptor) h.revocation()).upToSeq() >= d.upToSeq()) {
        best = limits.retainUntil(h.revocation());
      }
    } else {
      for (SignedRevocation h : identities.getOrDefault(r.peer(), List.of())) {
        if (sameEffect(h.revocation(), r)) {
          best = Math.max(best, limits.retainUntil(h.revocation()));
        }
      }
    }
    return best > now ? best : 0;
  }

  private static boolean sameEffect(Revocation a, Revocation b) {
    return switch (a) {
      case Revocation.Compromise c -> b instanceof Revocation.Compromise;
      case Revocation.Rotation ra ->
          b instanceof Revocation.Rotation rb && ra.successor().equals(rb.successor());
      case Revocation.OfDescriptor d -> false;
    };
  }

  /** Why the descriptor {@code key} at {@code seq} is refused, if it is. */
  public Optional<RevocationReason> refusal(DescriptorKey key, long seq) {
    Optional<RevocationReason> peer = refusal(key.peer());
    if (peer.isPresent()) {
      return peer;
    }
    SignedRevocation s = descriptors.get(key);
    if (s != null
        && seq <= ((Revocation.OfDescriptor) s.revocation()).upToSeq()
        && limits.retainUntil(s.revocation()) > clock.millis()) {
      return Optional.of(RevocationReason.DESCRIPTOR_REVOKED);
    }
    return Optional.empty();
  }

  /** Why {@code peer} is refused as a whole (rotated away or compromised), if it is. */
  public Optional<RevocationReason> refusal(PeerId peer) {
    if (compromised(peer)) {
      return Optional.of(RevocationReason.KEY_COMPROMISED);
    }
    // named by a void hand-over, or down a chain from one (up to MAX_CHAIN hops back; a key is
    // named by at most MAX_PREDECESSORS, so this visits at most MAX_CHAIN keys)
    for (PeerId old : predecessors.of(peer, MAX_CHAIN)) {
      if (compromised(old)) {
        return Optional.of(RevocationReason.KEY_COMPROMISED);
      }
    }
    return live(peer).isEmpty() ? Optional.empty() : Optional.of(RevocationReason.KEY_ROTATED);
  }

  /** The successor a valid (countersigned, not void) hand-over of {@code peer} names. */
  public Optional<PeerId> successor(PeerId peer) {
    if (compromised(peer)) {
      return Optional.empty();
    }
    for (SignedRevocation s : live(peer)) {
      if (s.revocation() instanceof Revocation.Rotation rot) {
        return Optional.of(rot.successor().peerId());
      }
    }
    return Optional.empty();
  }

  private boolean compromised(PeerId peer) {
    int rotations = 0;
    for (SignedRevocation s : live(peer)) {
      if (s.revocation() instanceof Revocation.Compromise) {
        return true;
      }
      rotations++;
    }
    return rotations > 1; // two hand-overs to different successors
  }

  private List<SignedRevocation> live(PeerId peer) {
    List<SignedRevocation> held = identities.get(peer);
    if (held == null) {
      return List.of();
    }
    long now = clock.millis();
    return held.stream().filter(s -> limits.retainUntil(s.revocation()) > now).toList();
  }

  /**
   * The peers whose standing {@code r} may have changed: its key and every successor down the
   * chains of hand-overs from it (a compromise voids them), up to {@link #MAX_CHAIN} hops.
   */
  public Set<PeerId> touched(Revocation r) {
    Set<PeerId> out = new LinkedHashSet<>();
    out.add(r.peer());
    List<PeerId> level = List.of(r.peer());
    // a compromised key may have two hand-overs, so the chains fork: at most MAX_ABOUT keys
    for (int hops = 0; hops < MAX_CHAIN && !level.isEmpty(); hops++) {
      List<PeerId> next = new ArrayList<>();
      for (PeerId p : level) {
        predecessors.visit(1);
        for (SignedRevocation s : identities.getOrDefault(p, List.of())) {
          if (out.size() >= MAX_ABOUT) {
            return out;
          }
          if (s.revocation() instanceof Revocation.Rotation rot
              && out.add(rot.successor().peerId())) {
            next.add(rot.successor().peerId());
          }
        }
      }
      level = next;
    }
    return out;
  }

  /** Most held hand-overs naming one key as successor; another one is refused TABLE_FULL. */
  public static final int MAX_PREDECESSORS = 1;

  /** Most hand-overs followed from one key, forwards ({@link #latest}) or back ({@link #about}). */
  public static final int MAX_CHAIN = 16;

  /** Most revocations {@link #about} answers about one peer. */
  public static final int MAX_ABOUT = 64;

  /**
   * The last key of {@code peer}'s chain of valid hand-overs (itself when it has none): followed at
   * most {@link #MAX_CHAIN} hops, stopping before a key already passed.
   */
  public PeerId latest(PeerId peer) {
    PeerId p = peer;
    Set<PeerId> seen = new HashSet<>(List.of(peer));
    for (int hops = 0; hops < MAX_CHAIN; hops++) {
      Optional<PeerId> next = successor(p);
      if (next.isEmpty() || !seen.add(next.get())) {
        break;
      }
      p = next.get();
    }
    return p;
  }

  /**
   * What is held about {@code peer}, at most {@link #MAX_ABOUT}: its identity's revocations, those
   * of every key whose chain of hand-overs leads to it (up to {@link #MAX_CHAIN} hops back, with
   * whatever voids them), so whoever meets it can carry over what it knew of its predecessors, then
   * its descriptors'.
   */
  public List<SignedRevocation> about(PeerId peer) {
    return about(peer, MAX_ABOUT);
  }

  /**
   * {@link #about}, at most {@code limit} (and {@link #MAX_ABOUT}) revocations; the descriptor
   * revocations newest first. Its work is bounded by what it returns: it visits at most {@link
   * #MAX_CHAIN} keys back and {@code limit} descriptors.
   */
  public List<SignedRevocation> about(PeerId peer, int limit) {
    int max = Math.min(limit, MAX_ABOUT);
    List<SignedRevocation> out = new ArrayList<>(live(peer));
    predecessors.visit(1);
    if (out.size() < max) {
      for (PeerId old : predecessors.of(peer, MAX_CHAIN)) {
        out.addAll(live(old));
        if (out.size() >= max) {
          break;
        }
      }
    }
    Set<DescriptorKey> keys = byPeer.getOrDefault(peer, Set.of());
    if (out.size() < max && !keys.isEmpty()) {
      List<DescriptorKey> newestFirst = new ArrayList<>(keys);
      java.util.Collections.reverse(newestFirst);
      for (int i = 0; i < newestFirst.size() && out.size() < max; i++) {
        out.add(descriptors.get(newestFirst.get(i)));
      }
    }
    return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
  }

  /** Every revocation held, identities first, in arrival order. */
  public List<SignedRevocation> all() {
    List<SignedRevocation> out = new ArrayList<>(size);
    identities.values().forEach(out::addAll);
    out.addAll(descriptors.values());
    return out;
  }

  /** The number of revocations held. */
  public int size() {
    return size;
  }

  /** Forgets revocations past their retention; returns how many. */
  public int expireDue() {
    long now = clock.millis();
    if (now < nextExpiry) {
      return 0;
    }
    int before = size;
    long next = Long.MAX_VALUE;
    for (var it = descriptors.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      long until = limits.retainUntil(e.getValue().revocation());
      next = until > now ? Math.min(next, until) : next;
      if (until <= now) {
        it.remove();
        eviction.remove(e.getValue());
        byPeer.computeIfPresent(
            e.getKey().peer(),
            (p, keys) -> {
              keys.remove(e.getKey());
              return keys.isEmpty() ? null : keys;
            });
        size--;
      }
    }
    for (var it = identities.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      List<SignedRevocation> keep = new ArrayList<>();
      for (SignedRevocation s : e.getValue()) {
        long until = limits.retainUntil(s.revocation());
        if (until > now) {
          next = Math.min(next, until);
          keep.add(s);
        } else {
          size--;
          unname(e.getKey(), s);
          eviction.remove(s);
        }
      }
      if (keep.isEmpty()) {
        it.remove();
      } else {
        e.setValue(keep);
      }
    }
    nextExpiry = next;
    return before - size;
  }
}
