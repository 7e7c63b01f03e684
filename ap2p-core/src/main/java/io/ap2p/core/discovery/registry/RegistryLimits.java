package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.trust.revocation.RevocationLimits;

/**
 * Limits a registry enforces.
 *
 * @param table quotas of the soft-state table (per provider and in all)
 * @param requestsPerSecond sustained requests one identity may send
 * @param burst requests one identity may send at once
 * @param maxTrackedIdentities identities the registry keeps state about, each kind bounded by it:
 *     rate-limit buckets (registrations and revocation lookups), providers' first-seen times
 *     (tenure) and, with {@code identityBits}, peers whose identity proof was checked; beyond it
 *     the least recently used of each is dropped (a dropped proven peer is asked for its proof
 *     again)
 * @param revocations bounds of the revocations held (docs/revocation.md)
 * @param identityBits the {@link io.ap2p.core.identity.IdentityProof} bits a publisher must prove
 *     before its first registration is taken (0: none asked, the default)
 */
public record RegistryLimits(
    SoftStateTable.Limits table,
    double requestsPerSecond,
    double burst,
    int maxTrackedIdentities,
    RevocationLimits revocations,
    int identityBits) {

  /** 16 descriptors per provider, 100,000 in all, 5 requests/s with bursts of 20 per identity. */
  public static final RegistryLimits DEFAULTS =
      new RegistryLimits(SoftStateTable.Limits.DEFAULTS, 5, 20, 100_000);

  /** Limits with the default revocation limits. */
  public RegistryLimits(
      SoftStateTable.Limits table,
      double requestsPerSecond,
      double burst,
      int maxTrackedIdentities) {
    this(table, requestsPerSecond, burst, maxTrackedIdentities, RevocationLimits.DEFAULTS);
  }

  /** Limits that ask for no identity proof. */
  public RegistryLimits(
      SoftStateTable.Limits table,
      double requestsPerSecond,
      double burst,
      int maxTrackedIdentities,
      RevocationLimits revocations) {
    this(table, requestsPerSecond, burst, maxTrackedIdentities, revocations, 0);
  }

  /** These limits asking publishers for an identity proof of {@code bits} (0: none). */
  public RegistryLimits withIdentityBits(int bits) {
    return new RegistryLimits(
        table, requestsPerSecond, burst, maxTrackedIdentities, revocations, bits);
  }

  /** Checks ranges. */
  public RegistryLimits {
    if (!(requestsPerSecond > 0) || burst < 1 || maxTrackedIdentities < 1) {
      throw new IllegalArgumentException("registry limits must be positive");
    }
    io.ap2p.core.identity.IdentityProof.checkBits(identityBits);
  }
}
