package io.ap2p.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A canonical JSON document: its bytes, its tree and where each container of it lies. */
public final class CanonicalDocument {

  private final byte[] bytes;
  private final JsonNode root;
  private final JsonNode[] containers;
  private final int[] spans;
  private final String[] rootNames;
  private final int[] rootSpans;

  CanonicalDocument(
      byte[] bytes,
      JsonNode root,
      JsonNode[] containers,
      int[] spans,
      String[] rootNames,
      int[] rootSpans) {
    this.bytes = bytes;
    this.root = root;
    this.containers = containers;
    this.spans = spans;
    this.rootNames = rootNames;
    this.rootSpans = rootSpans;
  }

  /** The tree (Jackson nodes, as {@link Json#parse} builds them). */
  public JsonNode root() {
    return root;
  }

  /**
   * The canonical text of {@code node}, an object or array of this document's tree (found by
   * identity), read straight from the bytes; empty for a node not in the tree.
   */
  public Optional<JsonText> textOf(JsonNode node) {
    for (int i = 0; i < containers.length; i++) {
      if (containers[i] == node) {
        int from = spans[2 * i];
        return Optional.of(
            JsonText.ofCanonical(
                new String(bytes, from, spans[2 * i + 1] - from, StandardCharsets.UTF_8)));
      }
    }
    return Optional.empty();
  }

  /**
   * The canonical bytes of the root object without its member {@code name} (all the bytes when it
   * has none): removing a member keeps an object canonical.
   */
  public Bytes withoutMember(String name) {
    for (int i = 0; i < rootNames.length; i++) {
      if (rootNames[i].equals(name)) {
        int from = rootSpans[2 * i];
        int to = rootSpans[2 * i + 1];
        if (i > 0) {
          from--; // the comma before it
        } else if (rootNames.length > 1) {
          to++; // the comma after it
        }
        byte[] out = new byte[bytes.length - (to - from)];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(bytes, to, out, from, bytes.length - to);
        return Bytes.wrap(out);
      }
    }
    return Bytes.of(bytes);
  }

  @Override
  public String toString() {
    return "CanonicalDocument[" + bytes.length + " bytes]";
  }
}
