package io.ap2p.sim.churn;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.world.Drift;
import io.ap2p.sim.world.Provider;
import io.ap2p.sim.world.Session;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Judges discovery answers against the world's truth, with one definition for both modes: a named
 * provider is stale when, as the answer reaches the requester, it is offline, crashed or no longer
 * uses that identity. A registry answer names providers by descriptor; the meter finds the provider
 * behind each of the last {@value #REMEMBERED} descriptors each one sent. A descriptor superseded
 * by a refresh is not stale: the registry keeps serving the one it holds until the newer one
 * arrives, and both name the same live peer. A descriptor older than those counts as stale.
 *
 * <p>Descriptors are remembered by a 64-bit fingerprint, not by their bytes: holding the last
 * {@value #REMEMBERED} signed descriptors of every provider kept about 1.2 GiB of superseded
 * descriptors alive per run at 10^6 peers. Two of the few million live descriptors sharing a
 * fingerprint (odds about 10^-6 per run) would make one answer judged as the other's.
 */
public final class ChurnMeter {

  /** Publications remembered per provider (refreshes come every few seconds; answers in ms). */
  static final int REMEMBERED = 4;

  /** The fingerprint no descriptor has: an unused slot of {@link #recent}. */
  private static final long EMPTY = 0;

  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private record Published(Provider provider, PeerId peer) {}

  private final Function<PeerId, Provider> byPeer;
  private final Map<Long, Published> published = new HashMap<>();
  private final Map<Provider, long[]> recent = new IdentityHashMap<>();
  private long named;
  private long stale;
  long departures;
  long returns;
  private List<Provider> churning = List.of();

  /** A meter that finds the provider behind each identity with {@code byPeer}. */
  public ChurnMeter(Function<PeerId, Provider> byPeer) {
    this.byPeer = byPeer;
  }

  /** {@code p}, under identity {@code peer}, signed and sent {@code descriptor}. */
  public void published(Provider p, PeerId peer, Bytes descriptor) {
    long print = fingerprint(descriptor);
    long[] last = recent.computeIfAbsent(p, k -> new long[REMEMBERED]);
    int held = REMEMBERED - 1;
    if (print == last[held]) {
      return;
    }
    if (last[0] != EMPTY) {
      published.remove(last[0]);
    }
    System.arraycopy(last, 1, last, 0, held);
    last[held] = print;
    published.put(print, new Published(p, peer));
  }

  /**
   * A 64-bit hash of the bytes, eight at a time (a multiply-xorshift step per word, SplitMix64's
   * finaliser); never {@link #EMPTY}. Answers carry up to 50 descriptors of about 500 bytes, so a
   * byte-at-a-time hash here cost a tenth of a paper-sybil run.
   */
  static long fingerprint(Bytes b) {
    byte[] a = b.toByteArray();
    int n = a.length;
    long h = 0x9e3779b97f4a7c15L ^ n;
    int i = 0;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      h = step(h ^ (long) WORDS.get(a, i));
    }
    long tail = 0;
    for (int k = 0; i < n; i++, k += 8) {
      tail |= (a[i] & 0xffL) << k;
    }
    h = step(h ^ tail);
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return h == EMPTY ? 1 : h;
  }

  private static long step(long h) {
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 32);
  }

  /** A registry answered with {@code descriptors}. */
  public void registryAnswer(List<Bytes> descriptors) {
    for (Bytes d : descriptors) {
      named++;
      Published who = published.get(fingerprint(d));
      if (who == null || !live(who.provider(), who.peer())) {
        stale++;
      }
    }
  }

  /** A DHT lookup returned provider records naming {@code providers}. */
  public void dhtAnswer(List<PeerId> providers) {
    for (PeerId peer : providers) {
      named++;
      Provider p = byPeer.apply(peer);
      if (p == null || !live(p, peer)) {
        stale++;
      }
    }
  }

  /** Counts the cold starts of {@code providers} (the churning ones) in {@link #stats}. */
  void watch(List<Provider> providers) {
    this.churning = List.copyOf(providers);
  }

  private static boolean live(Provider p, PeerId peer) {
    return Session.online(p) && p.condition != Drift.Condition.DOWN && p.key.peerId().equals(peer);
  }

  /** What was measured so far. */
  public ChurnStats stats() {
    long coldStarts = 0;
    for (Provider p : churning) {
      coldStarts += p.session.coldStarts();
    }
    return new ChurnStats(named, stale, departures, returns, coldStarts);
  }
}
