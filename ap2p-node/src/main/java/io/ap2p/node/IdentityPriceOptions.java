package io.ap2p.node;

import io.ap2p.core.identity.IdentityProof;
import io.ap2p.node.discovery.IdentityProofs;

/**
 * A node's price on identities (docs/discovery.md, "A price on identities").
 *
 * @param registryBits the identity-proof bits the registry this node serves requires of publishers
 *     (0: none, the default)
 * @param maxMintBits the most bits this node mints when a registry asks it for a proof (0: never)
 */
public record IdentityPriceOptions(int registryBits, int maxMintBits) {

  /** No price asked; up to {@link IdentityProofs#DEFAULT_MAX_BITS} bits paid when asked. */
  public static final IdentityPriceOptions DEFAULTS =
      new IdentityPriceOptions(0, IdentityProofs.DEFAULT_MAX_BITS);

  /** Checks both are 0 to {@link IdentityProof#MAX_BITS}. */
  public IdentityPriceOptions {
    IdentityProof.checkBits(registryBits);
    IdentityProof.checkBits(maxMintBits);
  }
}
