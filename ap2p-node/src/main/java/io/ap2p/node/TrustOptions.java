package io.ap2p.node;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.persona.Persona;
import io.ap2p.node.persona.PersonaOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * How a node verifies others and takes part in verification: its default tier policy, the attestors
 * it pins, whether it attests or shares feedback, its canary set, and, for tests and demos only, an
 * adversary persona.
 *
 * @param policy the tier policy for this node's delegations when a run names none
 * @param attestors attestors whose countersignatures this node trusts as a requester (pinned here,
 *     never taken from a provider's descriptor)
 * @param attestor whether this node serves the attestor role
 * @param attestorPeer the attestor this node asks to countersign its receipts as a provider
 * @param feedback whether this node answers signed feedback queries and asks peers it trusts
 * @param canaries a canary set file (inputs with known answers per capability), if any
 * @param persona an adversary behaviour for tests and demos; empty for an honest node
 * @param personaOptions how the persona is played (whitewashing, fellow colluders)
 * @param defences the Sybil-resistance mechanisms of this node's delegations (none by default)
 */
public record TrustOptions(
    TierPolicy policy,
    Set<PeerId> attestors,
    boolean attestor,
    Optional<Multiaddr> attestorPeer,
    boolean feedback,
    Optional<Path> canaries,
    Optional<Persona> persona,
    PersonaOptions personaOptions,
    io.ap2p.node.execution.RequesterDefences defences) {

  /** Settings without requester defences. */
  public TrustOptions(
      TierPolicy policy,
      Set<PeerId> attestors,
      boolean attestor,
      Optional<Multiaddr> attestorPeer,
      boolean feedback,
      Optional<Path> canaries,
      Optional<Persona> persona,
      PersonaOptions personaOptions) {
    this(
        policy,
        attestors,
        attestor,
        attestorPeer,
        feedback,
        canaries,
        persona,
        personaOptions,
        io.ap2p.node.execution.RequesterDefences.NONE);
  }

  /** Risk-aware, no pinned attestor, not an attestor, feedback shared, no canary file, honest. */
  public static final TrustOptions DEFAULTS =
      new TrustOptions(
          TierPolicy.RISK_AWARE,
          Set.of(),
          false,
          Optional.empty(),
          true,
          Optional.empty(),
          Optional.empty(),
          PersonaOptions.DEFAULTS);

  /** Settings with the persona played as {@link PersonaOptions#DEFAULTS}. */
  public TrustOptions(
      TierPolicy policy,
      Set<PeerId> attestors,
      boolean attestor,
      Optional<Multiaddr> attestorPeer,
      boolean feedback,
      Optional<Path> canaries,
      Optional<Persona> persona) {
    this(
        policy,
        attestors,
        attestor,
        attestorPeer,
        feedback,
        canaries,
        persona,
        PersonaOptions.DEFAULTS);
  }

  /** These settings playing {@code persona} with {@code options}: for tests and demos only. */
  public TrustOptions withPersona(Persona persona, PersonaOptions options) {
    return new TrustOptions(
        policy,
        attestors,
        attestor,
        attestorPeer,
        feedback,
        canaries,
        Optional.of(persona),
        options,
        defences);
  }

  /**
   * These settings with Tier 3 evidence as given: pinned {@code attestors}, the attestor role or
   * not, and the attestor this node asks as a provider.
   */
  public TrustOptions withEvidence(
      Set<PeerId> attestors, boolean attestor, Optional<Multiaddr> attestorPeer) {
    return new TrustOptions(
        policy,
        attestors,
        attestor,
        attestorPeer,
        feedback,
        canaries,
        persona,
        personaOptions,
        defences);
  }

  /** These settings with signed feedback on or off. */
  public TrustOptions withFeedback(boolean on) {
    return new TrustOptions(
        policy, attestors, attestor, attestorPeer, on, canaries, persona, personaOptions, defences);
  }

  /** These settings with the requester defences {@code d}. */
  public TrustOptions withDefences(io.ap2p.node.execution.RequesterDefences d) {
    return new TrustOptions(
        policy, attestors, attestor, attestorPeer, feedback, canaries, persona, personaOptions, d);
  }

  /** Copies the set. */
  public TrustOptions {
    attestors = Set.copyOf(attestors);
  }
}
