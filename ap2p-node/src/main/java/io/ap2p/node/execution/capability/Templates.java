package io.ap2p.node.execution.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorJson;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.execution.handler.BuiltIns;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Descriptor templates of capabilities-file entries: reading, merging, checking. */
final class Templates {

  /** Room left in a holder's size limit for what signing adds (peer, addrs, seq, sig). */
  static final int SIGNING_HEADROOM = 4096;

  /** Signs nothing that leaves: only proves a template would become a valid descriptor. */
  private static final PrivateKey THROWAWAY = PrivateKey.fromSeed(Bytes.wrap(new byte[32]));

  private static final Instant SOME_TIME = Instant.parse("2026-01-01T00:00:00Z");

  private Templates() {}

  /** The template of built-in {@code name}. */
  static ObjectNode builtin(String name) {
    try {
      return (ObjectNode) Json.parse(BuiltIns.template(name).getBytes(StandardCharsets.UTF_8));
    } catch (JsonFormatException e) {
      throw new IllegalStateException("built-in template " + name + " " + e.getMessage(), e);
    }
  }

  /** {@code base} with {@code overrides}' top-level members set (a null value removes one). */
  static ObjectNode merge(ObjectNode base, JsonNode overrides, String at)
      throws CapabilitiesFileException {
    if (!overrides.isObject()) {
      throw new CapabilitiesFileException(at, "must be a JSON object of top-level overrides");
    }
    ObjectNode out = base.deepCopy();
    for (Map.Entry<String, JsonNode> e : overrides.properties()) {
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return out;
  }

  /** Reads the template file {@code name}, resolved against {@code baseDir}. */
  static ObjectNode readFile(String name, Path baseDir, String at)
      throws CapabilitiesFileException {
    Path p = baseDir.resolve(name).toAbsolutePath().normalize();
    int max = DescriptorPolicy.DEFAULTS.maxBytes();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(p)) {
      bytes = in.readNBytes(max + 1);
    } catch (IOException e) {
      throw new CapabilitiesFileException(at, "cannot read " + p + ": " + e);
    }
    if (bytes.length > max) {
      throw new CapabilitiesFileException(at, p + " is larger than " + max + " bytes");
    }
    try {
      JsonNode node = Json.parse(bytes);
      if (!node.isObject()) {
        throw new CapabilitiesFileException(at, p + " must hold a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonFormatException e) {
      throw new CapabilitiesFileException(at, p + ": " + e.getMessage());
    }
  }

  /**
   * Checks that {@code template} becomes a valid descriptor when signed, and returns its id.
   *
   * @throws CapabilitiesFileException at {@code at} plus the descriptor's JSON path at fault
   */
  static String check(ObjectNode template, String at) throws CapabilitiesFileException {
    CapabilityDescriptor d;
    try {
      d = DescriptorSigning.fromTemplate(template, THROWAWAY, SOME_TIME);
    } catch (JsonFormatException e) {
      String path = e.path().startsWith("$") ? e.path().substring(1) : "." + e.path();
      String problem =
          e.getMessage().substring(Math.min(e.getMessage().length(), e.path().length() + 2));
      throw new CapabilitiesFileException(at + path, problem);
    } catch (IllegalArgumentException e) {
      throw new CapabilitiesFileException(at, e.getMessage());
    }
    int size = Jcs.canonicalize(DescriptorJson.encode(d.withAddrs(List.of()))).length();
    int max = DescriptorPolicy.DEFAULTS.maxBytes() - SIGNING_HEADROOM;
    if (size > max) {
      throw new CapabilitiesFileException(
          at, "the descriptor is " + size + " bytes; at most " + max + " leave room for signing");
    }
    return d.id();
  }
}
