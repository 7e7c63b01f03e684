package io.ap2p.node.persona;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The whitewasher's supervisor: runs a node and, each time it has answered its tasks, closes it and
 * starts it again under a fresh key. Nothing is withdrawn (the old descriptors expire by their
 * TTL); the new identity publishes the same capabilities and starts with no record anywhere.
 * Options, data directory and addresses stay the same (a listen port of 0 gets a new port), so the
 * local API keeps working; the receipt chain continues, which links the identities for a requester
 * that holds receipts of both (the simulator's whitewasher keeps its chain too).
 *
 * <pre>
 *   start ──► running(key k) ──whitewashAfter tasks answered──► close ──► running(key k+1) ─► …
 * </pre>
 */
public final class Whitewashing implements AutoCloseable {

  /** How long a rejoin waits for tasks still being answered before it closes the old node. */
  static final long DRAIN_MS = 2_000;

  private final NodeOptions options;
  private final Clock clock;
  private final Consumer<String> log;
  private final Consumer<Node> started;
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock lock = new ReentrantLock();
  private final List<PeerId> identities = new ArrayList<>(); // guarded by lock
  private Node current; // guarded by lock
  private boolean closed; // guarded by lock

  private Whitewashing(
      NodeOptions options, Clock clock, Consumer<String> log, Consumer<Node> started) {
    this.options = options;
    this.clock = clock;
    this.log = log;
    this.started = started;
  }

  /**
   * Starts a whitewashing node with {@code options} (their persona must be the whitewasher); {@code
   * started} is told of each node started, the first included, so it can print the new peer id.
   *
   * @throws IOException if the first node cannot start
   */
  public static Whitewashing start(
      NodeOptions options, Clock clock, Consumer<String> log, Consumer<Node> started)
      throws IOException {
    if (options.trust().persona().orElse(null) != Persona.WHITEWASHER) {
      throw new IllegalArgumentException("not a whitewasher: " + options.trust().persona());
    }
    Whitewashing w = new Whitewashing(options, clock, log, started);
    w.lock.lock();
    try {
      w.launch(options, null);
    } finally {
      w.lock.unlock();
    }
    return w;
  }

  /** The node running now. */
  public Node current() {
    lock.lock();
    try {
      return current;
    } finally {
      lock.unlock();
    }
  }

  /** Every identity it has had, the current one last. */
  public List<PeerId> identities() {
    lock.lock();
    try {
      return List.copyOf(identities);
    } finally {
      lock.unlock();
    }
  }

  /** Stops the current node; no rejoin follows. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      current.close();
    } finally {
      lock.unlock();
    }
  }

  /** Starts a node with {@code o}; {@code was} is the identity it replaces (null at first). */
  private void launch(NodeOptions o, PeerId was) throws IOException {
    Node n = Node.start(o, clock, log);
    current = n;
    identities.add(n.host().peerId());
    if (was != null) {
      log.accept("whitewasher: rejoined as " + n.host().peerId() + " (was " + was + ")");
    }
    n.persona()
        .orElseThrow()
        .onRejoin(() -> Thread.ofVirtual().name("whitewash").start(() -> rejoin(n)));
    started.accept(n);
  }

  private void rejoin(Node old) {
    long end = System.nanoTime() + DRAIN_MS * 1_000_000;
    // let the task that triggered the rejoin (and any beside it) deliver its answer first
    try {
      while (!drained(old) && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      Thread.sleep(50); // the task log's last write after the answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    lock.lock();
    try {
      if (closed || current != old) {
        return;
      }
      PeerId was = old.host().peerId();
      old.close();
      PrivateKey fresh = PrivateKey.generate(random);
      try {
        launch(options.withIdentity(fresh), was);
      } catch (IOException | RuntimeException e) {
        closed = true;
        log.accept("whitewasher: could not rejoin: " + e.getMessage());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether every task {@code n}'s persona answered has had its answer (or error) sent. */
  private static boolean drained(Node n) {
    java.util.Map<String, Long> c = n.tasks().counters();
    long sent =
        c.entrySet().stream()
            .filter(e -> e.getKey().equals("succeeded") || e.getKey().startsWith("error."))
            .mapToLong(java.util.Map.Entry::getValue)
            .sum();
    java.util.Map<String, Long> p = n.persona().orElseThrow().counters();
    return c.getOrDefault("running", 0L) == 0 && sent >= p.get("honest") + p.get("forged");
  }

  /** The options it runs with (the first identity's key). */
  public NodeOptions options() {
    return Objects.requireNonNull(options);
  }
}
