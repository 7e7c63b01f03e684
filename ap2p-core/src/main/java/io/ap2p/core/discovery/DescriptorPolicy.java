package io.ap2p.core.discovery;

/**
 * The bounds a holder applies to incoming descriptors.
 *
 * @param maxBytes largest encoded descriptor accepted
 * @param maxClockSkewMillis how far in the future {@code issuedAt} may lie
 * @param minTtlSeconds shortest TTL accepted
 * @param maxTtlSeconds longest TTL accepted
 */
public record DescriptorPolicy(
    int maxBytes, long maxClockSkewMillis, long minTtlSeconds, long maxTtlSeconds) {

  /** 64 KiB, 30 s of skew, TTL from 1 s to one day. */
  public static final DescriptorPolicy DEFAULTS =
      new DescriptorPolicy(64 * 1024, 30_000, 1, 86_400);

  /** Checks ranges. */
  public DescriptorPolicy {
    if (maxBytes < 256
        || maxClockSkewMillis < 0
        || minTtlSeconds < 1
        || maxTtlSeconds < minTtlSeconds) {
      throw new IllegalArgumentException("inconsistent descriptor policy");
    }
  }
}
