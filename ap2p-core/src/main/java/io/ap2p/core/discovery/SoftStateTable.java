package io.ap2p.core.discovery;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Signed descriptors held as soft state: each lives until its {@code issuedAt + ttl}, a higher
 * {@code seq} replaces a lower one, and providers must refresh to stay listed. Pure: time comes
 * from the injected clock, expiry happens when {@link #expireDue()} runs (arm a timer for {@link
 * #nextDeadlineMillis()}), and reads never return an expired entry.
 *
 * <pre>
 *              offer(seq)                 offer(seq' &gt; seq)
 *   (absent) ─────────────▶ LIVE(seq) ──────────────────────▶ LIVE(seq')
 *      ▲                      │    │ withdraw
 *      │ forget after         │    ▼
 *      │ maxTtl               │  WITHDRAWN(seq) ── offer(≤ seq) rejected
 *      └──── MARK(seq) ◀──────┘ expires
 *            offer(≤ seq) rejected as stale
 * </pre>
 *
 * <p>After an entry expires or is withdrawn, its highest seq is remembered for {@code
 * markRetentionMillis} (by default the longest TTL a holder accepts), so a replayed older version
 * cannot come back. Iteration order is insertion order, so simulations replay exactly.
 */
public final class SoftStateTable {

  /** Hears what happens to entries; every method has an empty default. */
  public interface Listener {
    /** A descriptor for a new key was taken. */
    default void added(SignedDescriptor descriptor) {}

    /** A higher seq replaced {@code previous}. */
    default void replaced(SignedDescriptor previous, SignedDescriptor current) {}

    /** An entry's TTL ran out. */
    default void expired(SignedDescriptor descriptor) {}

    /** The provider withdrew an entry. */
    default void withdrawn(SignedDescriptor descriptor) {}
  }

  /** What an accepted offer did. */
  public enum Change {
    /** A new key. */
    ADDED,
    /** A higher seq for a held key. */
    REPLACED
  }

  /**
   * Limits of a table.
   *
   * @param maxPerPeer most live descriptors one provider may hold
   * @param maxEntries most live descriptors in all
   * @param markRetentionMillis how long the highest seq of a dead key is remembered
   */
  public record Limits(int maxPerPeer, int maxEntries, long markRetentionMillis) {
    /** 16 per provider, 100,000 in all, marks kept for a day. */
    public static final Limits DEFAULTS = new Limits(16, 100_000, 86_400_000L);

    /** Checks ranges. */
    public Limits {
      if (maxPerPeer < 1 || maxEntries < 1 || markRetentionMillis < 0) {
        throw new IllegalArgumentException("table limits must be positive");
      }
    }
  }

  private record Mark(long seq, boolean withdrawn, long forgetAtMillis) {}

  private record Deadline(long atMillis, DescriptorKey key, long seq, boolean forMark)
      implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline o) {
      return Long.compare(atMillis, o.atMillis);
    }
  }

  private final Clock clock;
  private final Limits limits;
  private final Map<DescriptorKey, SignedDescriptor> live = new LinkedHashMap<>();
  private final Map<DescriptorKey, Mark> marks = new HashMap<>();
  private final Map<PeerId, Set<String>> byPeer = new HashMap<>();
  private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
  private final List<Listener> listeners = new ArrayList<>();

  /** An empty table with {@code limits}, reading time from {@code clock}. */
  public SoftStateTable(Clock clock, Limits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /** Registers {@code listener}. */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Offers a verified descriptor. Accepted when it is new or has a higher seq than the held one and
   * is not expired; otherwise a verdict with the reason.
   */
  public Verdict<Change> offer(SignedDescriptor sd) {
    long now = clock.millis();
    if (nextDeadlineMillis() <= now) {
      expireDue(); // so quotas and marks reflect every expiry up to now
    }
    CapabilityDescriptor d = sd.descriptor();
    DescriptorKey key = d.key();
    if (d.expiresAtMillis() <= now) {
      return Verdict.reject(DescriptorReason.EXPIRED, "expired at " + d.expiresAt());
    }
    SignedDescriptor held = liveEntry(key, now);
    if (held != null) {
      if (sd.seq() < held.seq()) {
        return Verdict.reject(
            DescriptorReason.STALE_SEQ, "seq " + sd.seq() + " is below held seq " + held.seq());
      }
      if (sd.seq() == held.seq()) {
        return held.canonical().equals(sd.canonical())
            ? Verdict.ignore(DescriptorReason.DUPLICATE, "already held at seq " + sd.seq())
            : Verdict.reject(
                DescriptorReason.SEQ_CONFLICT, "seq " + sd.seq() + " held with other content");
      }
      live.put(key, sd);
      deadlines.add(new Deadline(d.expiresAtMillis(), key, sd.seq(), false));
      listeners.forEach(l -> l.replaced(held, sd));
      return Verdict.accept(Change.REPLACED);
    }
    Mark mark = marks.get(key);
    if (mark != null && sd.seq() <= mark.seq()) {
      return mark.withdrawn()
          ? Verdict.reject(DescriptorReason.WITHDRAWN, "withdrawn at seq " + mark.seq())
          : Verdict.reject(
              DescriptorReason.STALE_SEQ,
              "seq " + sd.seq() + " is not above seen seq " + mark.seq());
    }
    Set<String> ids = byPeer.get(d.peer());
    if (ids != null && ids.size() >= limits.maxPerPeer()) {
      return Verdict.reject(
          DescriptorReason.QUOTA_EXCEEDED,
          d.peer().shortForm() + " already holds " + limits.maxPerPeer() + " descriptors");
    }
    if (live.size() >= limits.maxEntries()) {
      return Verdict.reject(DescriptorReason.TABLE_FULL, "holding " + live.size() + " descriptors");
    }
    marks.remove(key);
    live.put(key, sd);
    byPeer.computeIfAbsent(d.peer(), p -> new LinkedHashSet<>()).add(d.id());
    deadlines.add(new Deadline(d.expiresAtMillis(), key, sd.seq(), false));
    listeners.forEach(l -> l.added(sd));
    return Verdict.accept(Change.ADDED);
  }

  /**
   * Withdraws the live entry for {@code key} if its seq is at most {@code upToSeq}; returns it. The
   * caller has authenticated the provider.
   */
  public Optional<SignedDescriptor> withdraw(DescriptorKey key, long upToSeq) {
    long now = clock.millis();
    SignedDescriptor held = liveEntry(key, now);
    if (held == null || held.seq() > upToSeq) {
      return Optional.empty();
    }
    remove(key, held, true, now);
    listeners.forEach(l -> l.withdrawn(held));
    return Optional.of(held);
  }

  /** The live entry for {@code key}. */
  public Optional<SignedDescriptor> get(DescriptorKey key) {
    return Optional.ofNullable(liveEntry(key, clock.millis()));
  }

  /** Every live entry, in insertion order. */
  public List<SignedDescriptor> all() {
    long now = clock.millis();
    List<SignedDescriptor> out = new ArrayList<>(live.size());
    for (SignedDescriptor sd : live.values()) {
      if (sd.descriptor().expiresAtMillis() > now) {
        out.add(sd);
      }
    }
    return out;
  }

  /** The live entries of {@code peer}. */
  public List<SignedDescriptor> byPeer(PeerId peer) {
    long now = clock.millis();
    Set<String> ids = byPeer.get(peer);
    if (ids == null) {
      return List.of();
    }
    List<SignedDescriptor> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      SignedDescriptor sd = liveEntry(new DescriptorKey(peer, id), now);
      if (sd != null) {
        out.add(sd);
      }
    }
    return out;
  }

  /** The number of entries held, including any expired ones not yet swept. */
  public int size() {
    return live.size();
  }

  /** The number of providers with at least one entry held. */
  public int peers() {
    return byPeer.size();
  }

  /**
   * Removes expired entries (telling listeners) and forgets old marks; returns how many entries
   * expired.
   */
  public int expireDue() {
    long now = clock.millis();
    int expired = 0;
    while (!deadlines.isEmpty() && deadlines.peek().atMillis() <= now) {
      Deadline dl = deadlines.poll();
      if (dl.forMark()) {
        Mark m = marks.get(dl.key());
        if (m != null && m.forgetAtMillis() <= now) {
          marks.remove(dl.key());
        }
        continue;
      }
      SignedDescriptor sd = live.get(dl.key());
      if (sd != null && sd.seq() == dl.seq() && sd.descriptor().expiresAtMillis() <= now) {
        remove(dl.key(), sd, false, now);
        listeners.forEach(l -> l.expired(sd));
        expired++;
      }
    }
    return expired;
  }

  /** When {@link #expireDue()} next has work, or {@link Long#MAX_VALUE}. */
  public long nextDeadlineMillis() {
    Deadline next = deadlines.peek();
    return next == null ? Long.MAX_VALUE : next.atMillis();
  }

  private SignedDescriptor liveEntry(DescriptorKey key, long now) {
    SignedDescriptor sd = live.get(key);
    return sd != null && sd.descriptor().expiresAtMillis() > now ? sd : null;
  }

  private void remove(DescriptorKey key, SignedDescriptor sd, boolean withdrawn, long now) {
    live.remove(key);
    Set<String> ids = byPeer.get(key.peer());
    if (ids != null) {
      ids.remove(key.capabilityId());
      if (ids.isEmpty()) {
        byPeer.remove(key.peer());
      }
    }
    long forgetAt = Math.max(now, sd.descriptor().expiresAtMillis()) + limits.markRetentionMillis();
    marks.put(key, new Mark(sd.seq(), withdrawn, forgetAt));
    deadlines.add(new Deadline(forgetAt, key, sd.seq(), true));
  }
}
