package io.ap2p.cli.net;

import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.persona.Persona;
import io.ap2p.node.persona.PersonaOptions;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --persona} and its settings on {@code ap2p node start}, checked: for tests and demos, an
 * adversary the node plays (see docs/personas.md).
 *
 * @param persona the adversary played
 * @param options how it is played
 */
record PersonaChoice(Persona persona, PersonaOptions options) {

  /** The personas the command line accepts (the colluder needs feedback, not yet served). */
  static final List<Persona> OFFERED =
      List.of(Persona.SYBIL, Persona.SILENT, Persona.CANARY_EVADER, Persona.WHITEWASHER);

  /**
   * The persona asked for, or empty for an honest node.
   *
   * @throws ParameterException naming the flag when a value or combination is wrong
   */
  static Optional<PersonaChoice> of(
      CommandSpec spec, String label, Integer whitewashAfter, List<CapabilitySpec> served) {
    if (label == null) {
      if (whitewashAfter != null) {
        throw new ParameterException(
            spec.commandLine(), "--whitewash-after: only with --persona whitewasher");
      }
      return Optional.empty();
    }
    Persona p;
    try {
      p = Persona.parse(label);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--persona: " + e.getMessage());
    }
    if (!OFFERED.contains(p)) {
      throw new ParameterException(
          spec.commandLine(),
          "--persona: " + p.label() + " is not available yet (it needs peer feedback)");
    }
    if (served.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--persona: a persona misbehaves in what it serves: add --serve or --capabilities");
    }
    PersonaOptions options = PersonaOptions.DEFAULTS;
    if (whitewashAfter != null) {
      if (p != Persona.WHITEWASHER) {
        throw new ParameterException(
            spec.commandLine(), "--whitewash-after: only with --persona whitewasher");
      }
      if (whitewashAfter < 1 || whitewashAfter > PersonaOptions.MAX_WHITEWASH_AFTER) {
        throw new ParameterException(
            spec.commandLine(),
            "--whitewash-after: 1 to "
                + PersonaOptions.MAX_WHITEWASH_AFTER
                + " tasks, got "
                + whitewashAfter);
      }
      options = new PersonaOptions(whitewashAfter, options.colluders());
    }
    return Optional.of(new PersonaChoice(p, options));
  }

  /** {@code trust} playing this persona. */
  TrustOptions apply(TrustOptions trust) {
    return trust.withPersona(persona, options);
  }
}
