package io.ap2p.node.execution;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.execution.capability.CapabilitiesFileException;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.StoredCapability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Which capabilities a node serves: those it was given, and those its database remembers. */
public final class Capabilities {

  private Capabilities() {}

  /**
   * What a node serves: {@code given} when it is not empty, and then it replaces what the database
   * held (so removing an entry from the file and restarting stops serving it); with nothing given,
   * every stored capability. Without a database, {@code given}. A stored entry that no longer reads
   * (a command removed) is reported to {@code log} and skipped.
   */
  public static List<CapabilitySpec> resolve(
      List<CapabilitySpec> given, Optional<Database> db, Clock clock, Consumer<String> log) {
    if (db.isEmpty()) {
      return given;
    }
    Map<String, CapabilitySpec> out = new LinkedHashMap<>();
    if (!given.isEmpty()) {
      Database d = db.get();
      List<StoredCapability> before = d.capabilities().all();
      d.atomically(
          "replace the served capabilities",
          () -> {
            before.forEach(c -> d.capabilities().remove(c.id()));
            for (CapabilitySpec s : given) {
              d.capabilities().put(s.id(), s.configJson(), clock.millis());
            }
          });
      for (StoredCapability c : before) {
        if (given.stream().noneMatch(g -> g.id().equals(c.id()))) {
          log.accept("no longer serving " + c.id() + " (not among the capabilities given)");
        }
      }
    }
    for (StoredCapability c : db.get().capabilities().all()) {
      try {
        out.put(c.id(), CapabilitySpec.parseEntry(c.config(), Path.of("")));
      } catch (CapabilitiesFileException | RuntimeException e) {
        log.accept("stored capability " + c.id() + " skipped: " + e.getMessage());
      }
    }
    return new ArrayList<>(out.values());
  }

  /** The descriptor template of {@code spec}, completed for {@code identity} now. */
  public static CapabilityDescriptor template(
      CapabilitySpec spec, PrivateKey identity, Clock clock) {
    try {
      return DescriptorSigning.fromTemplate(spec.template(), identity, clock.instant());
    } catch (JsonFormatException e) {
      throw new IllegalArgumentException("capability " + spec.id() + ": " + e.getMessage(), e);
    }
  }
}
