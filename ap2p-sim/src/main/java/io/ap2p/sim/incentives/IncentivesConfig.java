package io.ap2p.sim.incentives;

import io.ap2p.core.incentives.Stamp;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The incentives scenario's parameters (docs/incentives.md). Every peer requests tasks as a Poisson
 * process; providers run {@code slots} tasks at once with exponential service times and a bounded
 * queue; a request is tried on up to {@code attempts} random providers within its deadline.
 *
 * @param peers peers present from the start
 * @param freeRiders share of them that are free riders
 * @param strategic share of them that are strategic
 * @param newcomers honest contributors that join at half time
 * @param seconds virtual duration; requests are measured from 10% of it until a deadline before its
 *     end
 * @param ratePerSecond requests per peer per second
 * @param serviceMs mean service time
 * @param slots tasks a provider runs at once
 * @param queue requests a provider queues; beyond, BUSY
 * @param deadlineMs a request's deadline from its creation
 * @param attempts providers tried per request
 * @param latencyMs one-way message latency
 * @param observed probability that a strategic peer's request is observed (and served)
 * @param minBalance the providers' minimum balance in credits served without a stamp (with the
 *     ledger)
 * @param stampBits the stamp asked below it (every requester here mints one when asked)
 * @param seeds seeds per mode
 */
public record IncentivesConfig(
    int peers,
    double freeRiders,
    double strategic,
    int newcomers,
    int seconds,
    double ratePerSecond,
    double serviceMs,
    int slots,
    int queue,
    double deadlineMs,
    int attempts,
    double latencyMs,
    double observed,
    double minBalance,
    int stampBits,
    int seeds) {

  /** The built-in scenario. */
  public static final IncentivesConfig DEFAULTS =
      new IncentivesConfig(60, 0.25, 0.25, 6, 900, 0.4, 2000, 1, 8, 20_000, 3, 20, 0.5, 0, 12, 10);

  /** Checks ranges. */
  public IncentivesConfig {
    check("peers", peers, 4, 10_000);
    check("newcomers", newcomers, 0, 10_000);
    check("seconds", seconds, 60, 86_400);
    check("slots", slots, 1, 64);
    check("queue", queue, 0, 10_000);
    check("attempts", attempts, 1, 16);
    check("seeds", seeds, 1, 10_000);
    Stamp.checkBits(stampBits);
    if (!(freeRiders >= 0 && strategic >= 0 && freeRiders + strategic <= 0.9)) {
      throw new IllegalArgumentException("freeRiders + strategic must be 0 to 0.9");
    }
    if (!(observed >= 0 && observed <= 1)) {
      throw new IllegalArgumentException("observed must be 0 to 1");
    }
    for (double v : new double[] {ratePerSecond, serviceMs, deadlineMs, latencyMs}) {
      if (!(v > 0 && v < 1e9)) {
        throw new IllegalArgumentException(
            "ratePerSecond, serviceMs, deadlineMs and latencyMs must be positive");
      }
    }
    if (!(Math.abs(minBalance) <= 1e6)) {
      throw new IllegalArgumentException("minBalance must be -1e6 to 1e6");
    }
  }

  private static void check(String key, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", not " + v);
    }
  }

  /** The parameters by name, in declaration order (for the report). */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    var comps = IncentivesConfig.class.getRecordComponents();
    for (var c : comps) {
      try {
        m.put(c.getName(), String.valueOf(c.getAccessor().invoke(this)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return m;
  }

  /**
   * This config with {@code key=value} applied.
   *
   * @throws IllegalArgumentException naming the key when it is unknown or its value is invalid
   */
  public IncentivesConfig with(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq < 1) {
      throw new IllegalArgumentException("expected KEY=VALUE, got '" + assignment + "'");
    }
    String key = assignment.substring(0, eq).trim();
    String value = assignment.substring(eq + 1).trim();
    Map<String, String> m = asMap();
    if (!m.containsKey(key)) {
      throw new IllegalArgumentException(
          "unknown key '" + key + "' (keys: " + String.join(", ", m.keySet()) + ")");
    }
    m.put(key, value);
    try {
      return new IncentivesConfig(
          Integer.parseInt(m.get("peers")),
          Double.parseDouble(m.get("freeRiders")),
          Double.parseDouble(m.get("strategic")),
          Integer.parseInt(m.get("newcomers")),
          Integer.parseInt(m.get("seconds")),
          Double.parseDouble(m.get("ratePerSecond")),
          Double.parseDouble(m.get("serviceMs")),
          Integer.parseInt(m.get("slots")),
          Integer.parseInt(m.get("queue")),
          Double.parseDouble(m.get("deadlineMs")),
          Integer.parseInt(m.get("attempts")),
          Double.parseDouble(m.get("latencyMs")),
          Double.parseDouble(m.get("observed")),
          Double.parseDouble(m.get("minBalance")),
          Integer.parseInt(m.get("stampBits")),
          Integer.parseInt(m.get("seeds")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a number: '" + value + "'");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + "=" + value + ": " + e.getMessage());
    }
  }

  /** A one-line description of the population. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%d peers (%.0f%% free riders, %.0f%% strategic), %d newcomers at %ds, %.2f req/s/peer",
        peers,
        freeRiders * 100,
        strategic * 100,
        newcomers,
        seconds / 2,
        ratePerSecond);
  }
}
