package io.ap2p.cli.net;

import io.ap2p.core.identity.IdentityProof;
import io.ap2p.node.IdentityPriceOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code node start}'s flags for the price on identities (docs/discovery.md). */
public final class NodeIdentityPriceOptions {

  @Option(
      names = "--identity-bits",
      paramLabel = "BITS",
      description =
          "With --registry: refuse a publisher's registrations until it sends an identity"
              + " proof (leading zero bits of SHA-256 over its peer id, 1 to 32; about 2^BITS"
              + " hashes, paid once per key) and answer IDENTITY_PROOF_REQUIRED with the bits."
              + " Default: 0 (none asked).")
  Integer identityBits;

  @Option(
      names = "--max-identity-bits",
      paramLabel = "BITS",
      description =
          "As publisher, the most bits this node mints when a registry asks for an identity"
              + " proof (0 to 32; 0 never mints). Minted in the background, kept in the data"
              + " directory for this key; 'ap2p key proof' mints ahead of time. Default: 24.")
  Integer maxIdentityBits;

  /**
   * {@code base} with these flags applied.
   *
   * @throws ParameterException naming the flag at fault
   */
  public IdentityPriceOptions apply(
      CommandSpec spec, boolean servesRegistry, IdentityPriceOptions base) {
    int require = base.registryBits();
    if (identityBits != null) {
      require = check(spec, "--identity-bits", identityBits);
      if (!servesRegistry && require > 0) {
        throw new ParameterException(
            spec.commandLine(), "--identity-bits: needs --registry (it is the registry's rule)");
      }
    }
    int max =
        maxIdentityBits != null
            ? check(spec, "--max-identity-bits", maxIdentityBits)
            : base.maxMintBits();
    return new IdentityPriceOptions(require, max);
  }

  private static int check(CommandSpec spec, String flag, int v) {
    if (v < 0 || v > IdentityProof.MAX_BITS) {
      throw new ParameterException(
          spec.commandLine(), flag + ": expected 0 to " + IdentityProof.MAX_BITS + ", got " + v);
    }
    return v;
  }
}
