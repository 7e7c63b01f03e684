package io.ap2p.cli.net;

import io.ap2p.cli.CliIo;
import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.persona.Persona;
import io.ap2p.node.persona.PersonaOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /** The largest --colluders file read. */
  static final int MAX_COLLUDERS_FILE = 1 << 20;

  /**
   * The persona asked for, or empty for an honest node.
   *
   * @throws ParameterException naming the flag when a value or combination is wrong
   */
  static Optional<PersonaChoice> of(
      CommandSpec spec,
      String label,
      Integer whitewashAfter,
      String colluders,
      List<CapabilitySpec> served) {
    if (label == null) {
      if (whitewashAfter != null) {
        throw new ParameterException(
            spec.commandLine(), "--whitewash-after: only with --persona whitewasher");
      }
      if (colluders != null) {
        throw new ParameterException(
            spec.commandLine(), "--colluders: only with --persona colluder");
      }
      return Optional.empty();
    }
    Persona p;
    try {
      p = Persona.parse(label);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--persona: " + e.getMessage());
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
    if (colluders != null) {
      if (p != Persona.COLLUDER) {
        throw new ParameterException(
            spec.commandLine(), "--colluders: only with --persona colluder");
      }
      options = new PersonaOptions(options.whitewashAfter(), ring(spec, colluders));
    }
    return Optional.of(new PersonaChoice(p, options));
  }

  /**
   * The fellow colluders {@code value} names: a file of peer ids (one a line, {@code #} comments),
   * or peer ids separated by commas.
   */
  static Set<PeerId> ring(CommandSpec spec, String value) {
    List<String> ids;
    if (Files.isRegularFile(Path.of(value))) {
      String text =
          new String(
              CliIo.read(spec, value, MAX_COLLUDERS_FILE, "--colluders"), StandardCharsets.UTF_8);
      ids = new ArrayList<>();
      for (String line : text.split("\n", -1)) {
        int hash = line.indexOf('#');
        String id = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (!id.isEmpty()) {
          ids.add(id);
        }
      }
    } else {
      ids = List.of(value.split(",", -1));
    }
    Set<PeerId> ring = new LinkedHashSet<>();
    for (String id : ids) {
      if (ring.size() == PersonaOptions.MAX_COLLUDERS) {
        throw new ParameterException(
            spec.commandLine(),
            "--colluders: at most " + PersonaOptions.MAX_COLLUDERS + " peer ids");
      }
      try {
        ring.add(PeerId.parse(id.strip()));
      } catch (KeyFormatException | RuntimeException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--colluders: '"
                + shorten(id)
                + "' is neither a readable file nor a peer id ("
                + e.getMessage()
                + ")");
      }
    }
    if (ring.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--colluders: names no peer");
    }
    return ring;
  }

  private static String shorten(String s) {
    String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return t.replaceAll("\\p{Cntrl}", "?");
  }

  /** {@code trust} playing this persona. */
  TrustOptions apply(TrustOptions trust) {
    return trust.withPersona(persona, options);
  }
}
