package io.ap2p.sim.churn;

import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.world.Provider;
import io.ap2p.sim.world.Session;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drives churning providers' sessions on the engine: each alternates Weibull online sessions and
 * Weibull offline periods (same shape; means from the {@link ChurnConfig}). The run starts in
 * equilibrium: a provider is online with probability {@code availability}, and its first period is
 * the residual of one in progress, counted from the end of the join phase.
 *
 * <pre>
 *   online ──session ends──► left(p): refresh stops, requests to it fail
 *   offline ──period ends──► returned(p): rejoins (DHT), publishes again, agent cold
 * </pre>
 */
public final class Churn {

  /** What a run does when a provider leaves or returns. */
  public interface Hooks {
    /** {@code p} just went offline. */
    void left(Provider p);

    /** {@code p} just came back online. */
    void returned(Provider p);
  }

  private final Engine engine;
  private final SplittableRandom random;
  private final Weibull online;
  private final Weibull offline;
  private final double availability;
  private final long coldStartMicros;
  private final ChurnMeter meter;
  private Hooks hooks;

  /**
   * Churn of {@code config} on {@code engine}, drawing from {@code random}, counting in {@code
   * meter}.
   */
  public Churn(Engine engine, ChurnConfig config, SplittableRandom random, ChurnMeter meter) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("churn is off");
    }
    this.engine = engine;
    this.random = random;
    this.online = new Weibull(config.sessionMeanSeconds(), config.shape());
    this.offline = new Weibull(config.offlineMeanSeconds(), config.shape());
    this.availability = config.availability();
    this.coldStartMicros = (long) (config.coldStartSeconds() * 1e6);
    this.meter = meter;
  }

  /** Gives each of {@code churning} a session state, online with probability availability. */
  public void attach(List<Provider> churning) {
    for (Provider p : churning) {
      p.session = new Session(random.nextDouble() < availability, coldStartMicros);
    }
    meter.watch(churning);
  }

  /**
   * Starts the sessions of {@code churning} (attached before): each one's first transition comes
   * {@code afterSeconds} plus the residual of its current period from now.
   */
  public void start(List<Provider> churning, double afterSeconds, Hooks hooks) {
    this.hooks = hooks;
    for (Provider p : churning) {
      Weibull current = p.session.online() ? online : offline;
      schedule(p, afterSeconds + current.residual(random));
    }
  }

  private void schedule(Provider p, double seconds) {
    engine.after((long) (seconds * 1e6), () -> toggle(p));
  }

  private void toggle(Provider p) {
    Session s = p.session;
    if (s.online()) {
      s.leave();
      meter.departures++;
      engine.trace(p.index * 2L);
      hooks.left(p);
      schedule(p, offline.sample(random));
    } else {
      s.rejoin();
      meter.returns++;
      engine.trace(p.index * 2L + 1);
      hooks.returned(p);
      schedule(p, online.sample(random));
    }
  }
}
