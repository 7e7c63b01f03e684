package io.ap2p.cli.net;

import io.ap2p.cli.CliFailure;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.node.Node;
import io.ap2p.node.execution.ServedCapability;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitiesFileException;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.handler.BuiltIns;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code ap2p node start --serve NAME --capabilities FILE}: what a node is asked to serve. */
final class Served {

  private Served() {}

  /** The built-ins' names, for {@code --serve}'s help. */
  static final class BuiltInNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return BuiltIns.names().iterator();
    }
  }

  /**
   * The capabilities of the {@code --serve} built-ins and the {@code --capabilities} file.
   *
   * @throws ParameterException for an unknown built-in (naming the flag and the known ones)
   * @throws CliFailure for a capabilities file that cannot be used (naming the file and entry)
   */
  static List<CapabilitySpec> specs(CommandSpec spec, List<String> builtins, Path file) {
    Map<String, String> from = new LinkedHashMap<>();
    List<CapabilitySpec> out = new ArrayList<>();
    for (String name : builtins) {
      if (!BuiltIns.names().contains(name)) {
        throw new ParameterException(
            spec.commandLine(),
            "--serve: unknown built-in '"
                + name
                + "' (known: "
                + String.join(", ", BuiltIns.names())
                + ")");
      }
      CapabilitySpec s = CapabilitySpec.forBuiltin(name);
      if (from.containsKey(s.id())) {
        continue; // the same built-in twice
      }
      from.put(s.id(), "--serve " + name);
      out.add(s);
    }
    if (file != null) {
      List<CapabilitySpec> listed;
      try {
        listed = CapabilitiesFile.read(file);
      } catch (CapabilitiesFileException e) {
        throw new CliFailure("--capabilities " + file + ": " + e.getMessage());
      }
      for (CapabilitySpec s : listed) {
        String earlier = from.put(s.id(), "--capabilities");
        if (earlier != null) {
          throw new CliFailure(
              "--capabilities "
                  + file
                  + ": capability id "
                  + s.id()
                  + " is already served by "
                  + earlier);
        }
        out.add(s);
      }
    }
    return out;
  }

  /** Prints {@code ap2p: serving <id> (<tag>)} for every capability {@code node} serves. */
  static void print(PrintWriter err, Node node) {
    Map<String, ServedCapability> served = new TreeMap<>(node.tasks().capabilities());
    for (ServedCapability c : served.values()) {
      CapabilityDescriptor d = c.template();
      err.println(
          "ap2p: serving "
              + c.id()
              + " ("
              + String.join(", ", d.intent().tags().stream().map(t -> t.value()).toList())
              + ")");
    }
  }
}
