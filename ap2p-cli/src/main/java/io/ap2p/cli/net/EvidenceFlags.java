package io.ap2p.cli.net;

import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.net.multiaddr.Multiaddr;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of the Tier 3 flags: {@code --trust-attestor} (on {@code node start}, {@code invoke} and
 * {@code workflow run}) and {@code --attestor-peer} (on {@code node start}).
 */
public final class EvidenceFlags {

  /** Most attestors a node pins. */
  public static final int MAX_PINNED = 32;

  private EvidenceFlags() {}

  /**
   * The attestors pinned by {@code --trust-attestor} values.
   *
   * @throws ParameterException naming the flag, for a value that is not a peer id or too many
   */
  public static Set<PeerId> pinned(CommandSpec spec, List<String> values) {
    if (values.size() > MAX_PINNED) {
      throw new ParameterException(
          spec.commandLine(),
          "--trust-attestor: at most " + MAX_PINNED + " attestors, got " + values.size());
    }
    Set<PeerId> out = new LinkedHashSet<>();
    for (String v : values) {
      try {
        PeerId p = PeerId.parse(v.strip());
        if (p.publicKey().isEmpty()) {
          throw new KeyFormatException("it carries no Ed25519 key");
        }
        out.add(p);
      } catch (KeyFormatException | IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--trust-attestor: not a peer id (12D3KooW...): '" + v + "' (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  /**
   * Checks {@code --attestor-peer}: it names the attestor's peer id, which is not {@code self}, and
   * the node serves something to attest.
   *
   * @throws ParameterException naming the flag
   */
  public static void checkAttestorPeer(
      CommandSpec spec, Multiaddr attestor, PeerId self, boolean serves) {
    if (attestor.peerId().isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--attestor-peer: the address must end in /p2p/<peer id>");
    }
    if (attestor.peerId().get().equals(self)) {
      throw new ParameterException(
          spec.commandLine(), "--attestor-peer: a provider cannot attest its own receipts");
    }
    if (!serves) {
      throw new ParameterException(
          spec.commandLine(),
          "--attestor-peer: only for a provider: add --serve or --capabilities");
    }
  }
}
