package io.ap2p.node.discovery;

import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.IdentityProofStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This node's {@link IdentityProof} for registries that price identities (docs/discovery.md, "A
 * price on identities"): read from the database at start, minted when a registry asks for more bits
 * than it holds (up to {@code maxBits}, on a thread of its own, never a caller's), and kept in the
 * database so a restart does not pay again. Bound to the key: a node under a new key starts with
 * none.
 *
 * <pre>
 *  [HELD b] ──ask(n ≤ b)──► HELD (send it)
 *     │ ask(b &lt; n ≤ maxBits)
 *     ▼
 *  [MINTING n] ──done──► [HELD n'] (n' ≥ n), listeners told, stored
 *  ask(n &gt; maxBits) ──► TOO_DEAR (nothing minted; the registration stays refused)
 * </pre>
 */
public final class IdentityProofs implements AutoCloseable {

  /** The most bits minted when a node's options do not say: 2^24 hashes, seconds of one core. */
  public static final int DEFAULT_MAX_BITS = 24;

  /** What {@link #ask} did. */
  public enum Asked {
    /** A proof of the bits asked is held: send it. */
    HELD,
    /** One is being minted; listeners are told when it is held. */
    MINTING,
    /** More bits than this node allows itself to mint. */
    TOO_DEAR
  }

  private final PeerId peer;
  private final int maxBits;
  private final Optional<IdentityProofStore> store;
  private final Clock clock;
  private final Consumer<String> log;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile IdentityProof.Minted held; // null: none
  private int wanted; // guarded by this
  private Thread worker; // guarded by this; null when not minting
  private int refusedLogged; // guarded by this
  private volatile boolean closed;

  /**
   * The proofs of {@code peer}, minting at most {@code maxBits} (0: never), kept in {@code store}
   * when there is one (the proof held there is read now).
   */
  public IdentityProofs(
      PeerId peer,
      int maxBits,
      Optional<IdentityProofStore> store,
      Clock clock,
      Consumer<String> log) {
    this.peer = peer;
    this.maxBits = IdentityProof.checkBits(maxBits);
    this.store = store;
    this.clock = clock;
    this.log = log;
    this.held = store.flatMap(s -> s.get(peer)).orElse(null);
  }

  /** The counter to send with registrations: empty when none is held. */
  public Bytes proof() {
    IdentityProof.Minted m = held;
    return m == null ? Bytes.EMPTY : m.counter();
  }

  /** The bits of the proof held, 0 when none. */
  public int bits() {
    IdentityProof.Minted m = held;
    return m == null ? 0 : m.bits();
  }

  /** The most bits this node mints. */
  public int maxBits() {
    return maxBits;
  }

  /** Calls {@code r} (on the minting thread) each time a newly minted proof is held. */
  public void onReady(Runnable r) {
    listeners.add(r);
  }

  /**
   * A registry asked for a proof of {@code bits} (any value an Ack carries: more than {@link
   * IdentityProof#MAX_BITS} is too dear); mints one unless it is held or too dear.
   */
  public synchronized Asked ask(int bits) {
    if (bits < 0) {
      throw new IllegalArgumentException("negative identity bits: " + bits);
    }
    if (bits() >= bits) {
      return Asked.HELD;
    }
    if (bits > maxBits) {
      if (refusedLogged != bits) {
        refusedLogged = bits;
        log.accept(
            "a registry requires an identity proof of "
                + bits
                + " bits, more than this node mints (--max-identity-bits "
                + maxBits
                + "): not registered there; 'ap2p key proof --bits "
                + bits
                + "' mints one ahead of time");
      }
      return Asked.TOO_DEAR;
    }
    wanted = Math.max(wanted, bits);
    if (worker == null && !closed) {
      worker = Thread.ofPlatform().daemon().name("identity-proof").start(this::mintWhileWanted);
    }
    return Asked.MINTING;
  }

  private void mintWhileWanted() {
    while (true) {
      int target;
      synchronized (this) {
        if (closed || bits() >= wanted) {
          worker = null;
          return;
        }
        target = wanted;
      }
      long start = clock.millis();
      log.accept(
          "minting an identity proof of " + target + " bits (about 2^" + target + " hashes)");
      Optional<IdentityProof.Minted> m;
      try {
        m = IdentityProof.mint(peer, target, () -> !closed);
      } catch (RuntimeException e) {
        log.accept("identity proof: minting failed: " + e.getMessage());
        synchronized (this) {
          worker = null;
        }
        return;
      }
      if (m.isEmpty()) {
        continue; // closed: the loop ends
      }
      IdentityProof.Minted proof = m.get();
      try {
        store.ifPresent(s -> s.put(peer, proof, clock.millis()));
      } catch (RuntimeException e) {
        log.accept("identity proof minted but not stored: " + e.getMessage());
      }
      held = proof;
      log.accept(
          "identity proof of "
              + proof.bits()
              + " bits minted ("
              + proof.hashes()
              + " hashes, "
              + (clock.millis() - start)
              + " ms)");
      for (Runnable r : listeners) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.accept("identity proof: a listener failed: " + e.getMessage());
        }
      }
    }
  }

  /** Whether a mint is running now (for tests and status). */
  public synchronized boolean minting() {
    return worker != null;
  }

  /** Stops a mint in progress (within {@link IdentityProof#CHECK_EVERY} hashes). */
  @Override
  public void close() {
    closed = true;
  }
}
