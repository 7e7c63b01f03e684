package io.ap2p.sim.world;

/**
 * A churning provider's session state: online or not, how many times it came back, and whether its
 * agent is still cold from the last start. A provider without one (no churn) is always online and
 * warm.
 *
 * <pre>
 *   online, warm ──leave──► offline ──return──► online, cold ──first task──► online, warm
 * </pre>
 */
public final class Session {

  private final long coldStartMicros;
  private boolean online;
  private boolean cold;
  private long epoch;
  private long coldStarts;

  /** A session state starting {@code online} (warm) or offline; cold starts take that long. */
  public Session(boolean online, long coldStartMicros) {
    this.online = online;
    this.coldStartMicros = coldStartMicros;
  }

  /** Whether {@code p} is online: true without churn. */
  public static boolean online(Provider p) {
    return p.session == null || p.session.online;
  }

  /**
   * The extra time {@code p}'s next task takes: the cold start after coming back online, once; zero
   * when warm or without churn.
   */
  public static long takeColdStartMicros(Provider p) {
    Session s = p.session;
    if (s == null || !s.cold) {
      return 0;
    }
    s.cold = false;
    s.coldStarts++;
    return s.coldStartMicros;
  }

  /**
   * {@code reply} guarded so that it is dropped if {@code p} leaves (or leaves and returns) before
   * answering: a peer that went offline never sends the answer it was computing.
   */
  public static Behaviour.Reply guard(Provider p, Behaviour.Reply reply) {
    Session s = p.session;
    if (s == null) {
      return reply;
    }
    long at = s.epoch;
    return (result, error) -> {
      if (s.online && s.epoch == at) {
        reply.send(result, error);
      }
    };
  }

  /** Whether the peer is online now. */
  public boolean online() {
    return online;
  }

  /** Whether the agent is cold (came back and has not served yet). */
  public boolean cold() {
    return cold;
  }

  /** Tasks that paid a cold start. */
  public long coldStarts() {
    return coldStarts;
  }

  /** Transitions since the start. */
  public long epoch() {
    return epoch;
  }

  /** The peer goes offline. */
  public void leave() {
    online = false;
    epoch++;
  }

  /** The peer comes back online, its agent cold when a cold start is modelled. */
  public void rejoin() {
    online = true;
    cold = coldStartMicros > 0;
    epoch++;
  }
}
