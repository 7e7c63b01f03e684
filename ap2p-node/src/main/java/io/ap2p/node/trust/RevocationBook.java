package io.ap2p.node.trust;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.RevocationReason;
import io.ap2p.core.trust.revocation.RevocationValidator;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.Database;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The revocations a node has verified (docs/revocation.md): its finders and its requester refuse
 * what they revoke, and a hand-over the old key signed carries what the node knew of the old key
 * (reputation, reciprocity) over to the successor. Kept in the database when there is one, so a
 * restart forgets neither. Thread-safe.
 */
public final class RevocationBook {

  private final Clock clock;
  private final Optional<Database> database;
  private final Revocations held;
  private final RevocationValidator validator;
  private final List<BiConsumer<PeerId, PeerId>> handOvers = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<PeerId, PeerId>> voids = new CopyOnWriteArrayList<>();
  // hand-overs this book carried standing across (old → successor), until a compromise voids one
  private final Map<PeerId, PeerId> carried =
      new java.util.LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, PeerId> e) {
          return size() > io.ap2p.node.store.RevocationStore.MAX_SUCCESSIONS; // as in the store
        }
      };
  // keys refused for good, beyond any revocation's retention (bounded: keys with records here)
  private final Set<PeerId> tombstones = new LinkedHashSet<>();
  private volatile Predicate<PeerId> hasRecords = p -> false;

  /** A book on {@code clock} with what {@code database} kept. */
  public RevocationBook(Clock clock, Optional<Database> database) {
    this.clock = clock;
    this.database = database;
    this.held = new Revocations(clock, RevocationLimits.DEFAULTS);
    this.validator = new RevocationValidator(clock, RevocationLimits.DEFAULTS);
    // when full, revocations of keys this node has no record of go first
    this.held.favour(
        r ->
            records(r.peer())
                || r instanceof Revocation.Rotation rot && records(rot.successor().peerId()));
    database.ifPresent(
        db -> {
          db.revocations().live(clock.millis()).forEach(b -> take(b, false));
          db.revocations().successions().forEach((o, n) -> carried.put(parse(o), parse(n)));
          db.revocations().tombstones().forEach(t -> tombstones.add(parse(t)));
        });
    carried.remove(null);
    tombstones.remove(null);
  }

  private static PeerId parse(String peer) {
    try {
      return PeerId.parse(peer);
    } catch (RuntimeException | io.ap2p.core.identity.KeyFormatException e) {
      return null; // not a peer id (cannot happen for rows this node wrote)
    }
  }

  /**
   * Calls {@code listener} with (successor, old peer) when a compromise of the old key voids a
   * hand-over this book carried standing across: the node moves it back (the old key, compromised,
   * is refused for good, and so is the void successor).
   */
  public void onVoidHandOver(BiConsumer<PeerId, PeerId> listener) {
    voids.add(listener);
  }

  /**
   * Calls {@code listener} with (old peer, successor) for each valid hand-over this book takes from
   * now on, once per hand-over (the node moves reputation and ledger there).
   */
  public void onHandOver(BiConsumer<PeerId, PeerId> listener) {
    handOvers.add(listener);
  }

  /**
   * Carries over, at each hand-over this book takes, what {@code trust} (reputation) and {@code
   * ledger} (reciprocity) hold of the old key to its successor; the stored outcomes moved with the
   * hand-over's record and the ledger is rebuilt through it at start.
   */
  public void carryOver(TrustBook trust, io.ap2p.node.execution.Reciprocity ledger) {
    BiConsumer<PeerId, PeerId> move =
        (from, to) -> {
          trust.withReputation(r -> r.transfer(from, to));
          ledger.ledger().transfer(from, to);
        };
    onHandOver(move);
    onVoidHandOver(move);
    ledger.introductions(new io.ap2p.node.discovery.HandOvers(this, clock));
    recordsOf(
        p ->
            trust.entry(p).isPresent()
                || !ledger
                    .ledger()
                    .account(p)
                    .equals(io.ap2p.core.incentives.ReciprocityLedger.Account.EMPTY));
  }

  /** Which keys this node has records of (a hand-over of any other key moves nothing). */
  public void recordsOf(Predicate<PeerId> records) {
    this.hasRecords = records;
  }

  /** Judges and keeps one signed revocation from anyone; the verdict says what became of it. */
  public Verdict<Revocations.Change> offer(Bytes encoded) {
    return take(encoded, true);
  }

  private Verdict<Revocations.Change> take(Bytes encoded, boolean fresh) {
    Verdict<SignedRevocation> v = validator.validate(encoded);
    if (!(v instanceof Verdict.Accepted<SignedRevocation> ok)) {
      return switch (v) {
        case Verdict.Rejected<SignedRevocation> r -> Verdict.reject(r.reason(), r.detail());
        case Verdict.Ignored<SignedRevocation> i -> Verdict.ignore(i.reason(), i.detail());
        default -> throw new IllegalStateException();
      };
    }
    SignedRevocation s = ok.value();
    Verdict<Revocations.Change> taken;
    Optional<PeerId> successor = Optional.empty();
    Map<PeerId, PeerId> voided = new java.util.LinkedHashMap<>();
    Set<PeerId> refused = new LinkedHashSet<>();
    synchronized (held) {
      taken = held.offer(s);
      if (taken instanceof Verdict.Accepted<Revocations.Change> a) {
        if (a.value() == Revocations.Change.ADDED // not a longer-living copy of a held one
            && s.revocation() instanceof Revocation.Rotation) {
          // to the end of the chain, whichever order its hand-overs arrive in
          // a hand-over of a key this node has no record of moves nothing: none is recorded, so a
          // stranger's chain of throwaway keys leaves no succession behind (only held revocations,
          // which are bounded and expire)
          successor =
              held.successor(s.revocation().peer())
                  .map(held::latest)
                  .filter(n -> records(s.revocation().peer()));
          successor.ifPresent(n -> carried.put(s.revocation().peer(), n));
        }
        for (PeerId p : held.touched(s.revocation())) {
          if (held.refusal(p).orElse(null) == RevocationReason.KEY_COMPROMISED) {
            refused.add(p);
          }
        }
        for (PeerId p : refused) { // undo each carried hand-over the revocation voids
          if (carried.containsKey(p)) {
            voided.put(p, carried.remove(p));
          }
        }
        refused.removeIf(p -> !voided.containsKey(p) && !voided.containsValue(p) && !records(p));
        tombstones.addAll(refused);
        for (var it = tombstones.iterator();
            tombstones.size() > io.ap2p.node.store.RevocationStore.MAX_TOMBSTONES; ) {
          it.next();
          it.remove(); // the oldest go first, as in the store
        }
      }
    }
    if (fresh && taken instanceof Verdict.Accepted<Revocations.Change>) {
      Revocation r = s.revocation();
      database.ifPresent(
          db -> db.revocations().add(r.peer().toString(), encoded, held.limits().retainUntil(r)));
      if (successor.isPresent()) {
        PeerId old = r.peer();
        PeerId next = successor.get();
        database.ifPresent(
            db -> db.revocations().handOver(old.toString(), next.toString(), clock.millis()));
        handOvers.forEach(l -> l.accept(old, next));
      }
      List<Map.Entry<PeerId, PeerId>> undo = new java.util.ArrayList<>(voided.entrySet());
      java.util.Collections.reverse(undo); // down a chain first, so standing walks back up it
      undo.forEach(
          e -> {
            PeerId old = e.getKey();
            PeerId next = e.getValue();
            database.ifPresent(
                db -> db.revocations().voidHandOver(old.toString(), next.toString()));
            voids.forEach(l -> l.accept(next, old));
          });
      refused.forEach(
          p -> database.ifPresent(db -> db.revocations().tombstone(p.toString(), clock.millis())));
    }
    return taken;
  }

  private boolean records(PeerId p) {
    try {
      return hasRecords.test(p);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Why {@code sd} is refused, if a revocation held covers it. */
  public Optional<RevocationReason> refusal(SignedDescriptor sd) {
    synchronized (held) {
      return tombstones.contains(sd.key().peer())
          ? Optional.of(RevocationReason.KEY_COMPROMISED)
          : held.refusal(sd.key(), sd.seq());
    }
  }

  /** Why {@code peer} is refused as a whole (rotated away, compromised), if it is. */
  public Optional<RevocationReason> refusal(PeerId peer) {
    synchronized (held) {
      return tombstones.contains(peer)
          ? Optional.of(RevocationReason.KEY_COMPROMISED)
          : held.refusal(peer);
    }
  }

  /** The successor a valid hand-over of {@code peer} names, if one is held. */
  public Optional<PeerId> successor(PeerId peer) {
    synchronized (held) {
      return held.successor(peer);
    }
  }

  /** {@code descriptors} without those a held revocation refuses. */
  public List<SignedDescriptor> admissible(List<SignedDescriptor> descriptors) {
    synchronized (held) {
      return descriptors.stream()
          .filter(
              d -> !tombstones.contains(d.key().peer()) && held.refusal(d.key(), d.seq()).isEmpty())
          .toList();
    }
  }

  /**
   * The hand-overs held whose chain leads to {@code peer} (this node's own, presented to providers
   * so its old key's account follows it), at most {@link Revocations#MAX_CHAIN}.
   */
  public List<Bytes> handOversTo(PeerId peer) {
    synchronized (held) {
      return held.about(peer).stream()
          .filter(s -> s.revocation() instanceof Revocation.Rotation)
          .limit(Revocations.MAX_CHAIN)
          .map(SignedRevocation::encoded)
          .toList();
    }
  }

  /** The revocations held, encoded. */
  public List<Bytes> all() {
    synchronized (held) {
      return held.all().stream().map(SignedRevocation::encoded).toList();
    }
  }

  /** How many revocations are held. */
  public int size() {
    synchronized (held) {
      return held.size();
    }
  }
}
