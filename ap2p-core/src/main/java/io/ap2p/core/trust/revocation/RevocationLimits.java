package io.ap2p.core.trust.revocation;

import io.ap2p.core.discovery.DescriptorPolicy;

/**
 * Bounds of a table of revocations ({@link Revocations}).
 *
 * @param descriptorRetentionMillis how long a descriptor revocation is kept after it was issued: at
 *     least the longest TTL a holder accepts, so it outlives whatever it revokes
 * @param identityRetentionMillis how long a hand-over or compromise is kept after it was issued
 * @param maxClockSkewMillis how far ahead a revocation may be issued
 * @param maxPerPeer most descriptor revocations held per key
 * @param maxEntries most revocations held in all
 */
public record RevocationLimits(
    long descriptorRetentionMillis,
    long identityRetentionMillis,
    long maxClockSkewMillis,
    int maxPerPeer,
    int maxEntries) {

  /** A day and 30 s (the longest descriptor TTL and skew), 30 days, 30 s, 64, 100,000. */
  public static final RevocationLimits DEFAULTS =
      new RevocationLimits(
          DescriptorPolicy.DEFAULTS.maxTtlSeconds() * 1000
              + DescriptorPolicy.DEFAULTS.maxClockSkewMillis(),
          30L * 86_400_000L,
          DescriptorPolicy.DEFAULTS.maxClockSkewMillis(),
          64,
          100_000);

  /** Checks ranges. */
  public RevocationLimits {
    if (descriptorRetentionMillis < 1
        || identityRetentionMillis < 1
        || maxClockSkewMillis < 0
        || maxPerPeer < 1
        || maxEntries < 1) {
      throw new IllegalArgumentException("revocation limits must be positive");
    }
  }

  /** When a holder forgets {@code r}. */
  public long retainUntil(Revocation r) {
    long keep =
        r instanceof Revocation.OfDescriptor ? descriptorRetentionMillis : identityRetentionMillis;
    return r.issuedAtMillis() + keep;
  }
}
