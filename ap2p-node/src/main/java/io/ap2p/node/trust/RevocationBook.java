package io.ap2p.node.trust;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationReason;
import io.ap2p.core.trust.revocation.RevocationValidator;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.Database;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

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

  /** A book on {@code clock} with what {@code database} kept. */
  public RevocationBook(Clock clock, Optional<Database> database) {
    this.clock = clock;
    this.database = database;
    this.held = new Revocations(clock, Revocations.Limits.DEFAULTS);
    this.validator = new RevocationValidator(clock, Revocations.Limits.DEFAULTS);
    database.ifPresent(db -> db.revocations().live(clock.millis()).forEach(b -> take(b, false)));
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
    onHandOver(
        (old, next) -> {
          trust.withReputation(r -> r.transfer(old, next));
          ledger.ledger().transfer(old, next);
        });
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
    synchronized (held) {
      taken = held.offer(s);
      if (taken instanceof Verdict.Accepted<Revocations.Change>
          && s.revocation() instanceof Revocation.Rotation) {
        successor = held.successor(s.revocation().peer());
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
    }
    return taken;
  }

  /** Why {@code sd} is refused, if a revocation held covers it. */
  public Optional<RevocationReason> refusal(SignedDescriptor sd) {
    synchronized (held) {
      return held.refusal(sd.key(), sd.seq());
    }
  }

  /** Why {@code peer} is refused as a whole (rotated away, compromised), if it is. */
  public Optional<RevocationReason> refusal(PeerId peer) {
    synchronized (held) {
      return held.refusal(peer);
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
      return descriptors.stream().filter(d -> held.refusal(d.key(), d.seq()).isEmpty()).toList();
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
