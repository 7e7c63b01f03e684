package io.ap2p.core.trust;

import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What a provider reports about how it produced a result, signed inside its receipt: the tools and
 * models it ran, with their versions, and digests of intermediate artefacts. At most {@value
 * #MAX_ENTRIES} entries, each a name with a version, a digest or both. A trace is the provider's
 * claim: the signature binds the provider to it, nothing checks that it is true (docs/evidence.md).
 *
 * @param entries in the order the provider gave them
 */
public record Trace(List<Entry> entries) {

  /** No trace: what receipts carried before traces existed, encoded as nothing at all. */
  public static final Trace EMPTY = new Trace(List.of());

  /** Most entries in a trace. */
  public static final int MAX_ENTRIES = 8;

  /** Longest entry name, in UTF-8 bytes. */
  public static final int MAX_NAME = 32;

  /** Longest entry version, in UTF-8 bytes. */
  public static final int MAX_VERSION = 64;

  /** Longest entry digest, in bytes (a SHA-256 digest has 32). */
  public static final int MAX_DIGEST = 64;

  /**
   * One step of the provider's run.
   *
   * @param name what it is ("model", "renderer", "png", ...): 1 to {@value #MAX_NAME} UTF-8 bytes
   * @param version its version ("" when the entry is an artefact's digest only)
   * @param digest a digest of the artefact (empty when the entry is a version only)
   */
  public record Entry(String name, String version, Bytes digest) {

    /** Checks the limits; an entry says something (a version, a digest or both). */
    public Entry {
      text("name", name, MAX_NAME);
      text("version", version, MAX_VERSION);
      Objects.requireNonNull(digest, "digest");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("trace entry without a name");
      }
      if (digest.length() > MAX_DIGEST) {
        throw new IllegalArgumentException(
            "trace entry digest of " + digest.length() + " bytes > " + MAX_DIGEST);
      }
      if (version.isEmpty() && digest.length() == 0) {
        throw new IllegalArgumentException("trace entry " + name + " has no version or digest");
      }
    }
  }

  /** Checks the number of entries and copies the list. */
  public Trace {
    entries = List.copyOf(entries);
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "trace of " + entries.size() + " entries > " + MAX_ENTRIES);
    }
  }

  /** A tool or model named {@code name} at {@code version}. */
  public static Entry tool(String name, String version) {
    return new Entry(name, version, Bytes.EMPTY);
  }

  /** An intermediate artefact named {@code name}, by its SHA-256 digest. */
  public static Entry artefact(String name, Bytes content) {
    return new Entry(name, "", Digests.sha256(content));
  }

  /** A trace of {@code entries}. */
  public static Trace of(Entry... entries) {
    return new Trace(List.of(entries));
  }

  /** Whether there is no entry. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  private static void text(String what, String s, int max) {
    Objects.requireNonNull(s, what);
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (!new String(utf8, StandardCharsets.UTF_8).equals(s)) {
      throw new IllegalArgumentException("trace entry " + what + " is not valid Unicode text");
    }
    if (utf8.length > max) {
      throw new IllegalArgumentException(
          "trace entry " + what + " of " + utf8.length + " bytes > " + max);
    }
  }
}
