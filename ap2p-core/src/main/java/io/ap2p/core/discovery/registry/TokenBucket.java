package io.ap2p.core.discovery.registry;

/** A token bucket on injected time: {@code burst} tokens, refilled at {@code perSecond}. */
public final class TokenBucket {

  private final double perSecond;
  private final double burst;
  private double tokens;
  private long lastMillis;

  /** A full bucket at time {@code nowMillis}. */
  public TokenBucket(double perSecond, double burst, long nowMillis) {
    if (!(perSecond > 0 && burst >= 1)) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.lastMillis = nowMillis;
  }

  /** Takes one token if there is one at {@code nowMillis}. */
  public boolean tryTake(long nowMillis) {
    if (nowMillis > lastMillis) {
      tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * perSecond / 1000.0);
      lastMillis = nowMillis;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
