package io.ap2p.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The scenarios shipped with ap2p, as JSON resources. */
public final class BuiltIns {

  /** Names of the built-in scenarios, in the order {@code sim list} shows them. */
  public static final List<String> NAMES =
      List.of(
          "paper-sybil",
          "paper-scale",
          "paper-ttl",
          "adversaries",
          "scale-1m",
          "smoke",
          "sybil-scale",
          "churn",
          "sybil-fine",
          "sybil-newcomers",
          "sybil-silent");

  private BuiltIns() {}

  /** The JSON text of built-in {@code name}. */
  public static Optional<String> text(String name) {
    if (!NAMES.contains(name)) {
      return Optional.empty();
    }
    try (InputStream in =
        BuiltIns.class.getResourceAsStream("/io/ap2p/sim/scenarios/" + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("built-in scenario " + name + " missing from the jar");
      }
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
