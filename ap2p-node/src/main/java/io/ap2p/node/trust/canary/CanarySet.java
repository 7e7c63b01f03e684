package io.ap2p.node.trust.canary;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A canary set: inputs with known answers per capability, read from a JSON file the requester keeps
 * (never published, so providers cannot learn it):
 *
 * <pre>
 * {"canaries": [
 *   {"tag": "text.summarize", "text": "…", "sha256": "&lt;hex of the right output&gt;"},
 *   {"tag": "image.generate", "base64": "…", "sha256": "…"}
 * ]}
 * </pre>
 *
 * Each entry's input is {@code text} (UTF-8) or {@code base64}. An entry is drawn at random among
 * those of the step's capability; the inputs should be of the same kind as the real ones sent for
 * that capability (a provider sees them side by side).
 */
public final class CanarySet implements CanaryFactory.Source {

  /** Largest canary set file read. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  /** Most entries in a set. */
  public static final int MAX_ENTRIES = 10_000;

  /** Largest input of one entry. */
  public static final int MAX_INPUT_BYTES = 1 << 20;

  private static final Set<String> MEMBERS = Set.of("tag", "text", "base64", "sha256");

  private record Entry(Bytes input, Bytes sha256) {}

  private final Map<CapabilityTag, List<Entry>> entries;
  private final RandomGenerator random;

  private CanarySet(Map<CapabilityTag, List<Entry>> entries, RandomGenerator random) {
    this.entries = entries;
    this.random = random;
  }

  /**
   * Reads the set in {@code file}.
   *
   * @throws IOException naming the file and, for a bad entry, its index and field
   */
  public static CanarySet read(Path file, RandomGenerator random) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException(file + ": a canary set has at most " + MAX_FILE_BYTES + " bytes");
    }
    byte[] raw;
    try (InputStream in = Files.newInputStream(file)) {
      raw = in.readNBytes((int) MAX_FILE_BYTES + 1);
    }
    try {
      return parse(Bytes.wrap(raw), random);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
  }

  /**
   * Parses a set.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static CanarySet parse(Bytes json, RandomGenerator random) {
    if (json.length() > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("a canary set has at most " + MAX_FILE_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Json.parse(json.toByteArray());
    } catch (JsonFormatException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    JsonNode list = root.get("canaries");
    if (!root.isObject() || list == null || !list.isArray()) {
      throw new IllegalArgumentException("expected {\"canaries\": [ … ]}");
    }
    if (list.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "at most " + MAX_ENTRIES + " canaries, not " + list.size());
    }
    Map<CapabilityTag, List<Entry>> byTag = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      String at = "$.canaries[" + i + "]";
      if (!e.isObject()) {
        throw new IllegalArgumentException(at + ": must be an object");
      }
      for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!MEMBERS.contains(name)) {
          throw new IllegalArgumentException(
              at + "." + name + ": not a known field (tag, text, base64, sha256)");
        }
      }
      CapabilityTag tag;
      try {
        tag = new CapabilityTag(e.path("tag").asText(""));
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(at + ".tag: " + x.getMessage());
      }
      Bytes input;
      if (e.has("text") == e.has("base64")) {
        throw new IllegalArgumentException(at + ": give the input as text or base64 (one of them)");
      } else if (e.has("text")) {
        if (!e.get("text").isTextual()) {
          throw new IllegalArgumentException(at + ".text: must be a string");
        }
        input = Bytes.wrap(e.get("text").textValue().getBytes(StandardCharsets.UTF_8));
      } else {
        try {
          input = Bytes.wrap(Base64.getDecoder().decode(e.get("base64").asText("")));
        } catch (IllegalArgumentException x) {
          throw new IllegalArgumentException(at + ".base64: not base64");
        }
      }
      if (input.length() == 0 || input.length() > MAX_INPUT_BYTES) {
        throw new IllegalArgumentException(
            at + ": the input must have 1 to " + MAX_INPUT_BYTES + " bytes");
      }
      String hex = e.path("sha256").asText("");
      Bytes sha;
      try {
        sha = Bytes.wrap(HexFormat.of().parseHex(hex));
      } catch (IllegalArgumentException x) {
        sha = Bytes.EMPTY;
      }
      if (sha.length() != 32) {
        throw new IllegalArgumentException(at + ".sha256: must be 64 hex digits");
      }
      byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(new Entry(input, sha));
    }
    byTag.replaceAll((t, l) -> List.copyOf(l));
    return new CanarySet(Map.copyOf(byTag), random);
  }

  /** Entries held for {@code tag}. */
  public int size(CapabilityTag tag) {
    return entries.getOrDefault(tag, List.of()).size();
  }

  @Override
  public Optional<CanaryFactory.Canary> canary(CapabilityTag tag, Bytes realInput) {
    List<Entry> l = entries.get(tag);
    if (l == null) {
      return Optional.empty();
    }
    Entry e = l.get(random.nextInt(l.size()));
    return Optional.of(CanaryFactory.Canary.ofDigest(e.input(), e.sha256()));
  }
}
