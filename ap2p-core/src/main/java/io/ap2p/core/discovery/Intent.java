package io.ap2p.core.discovery;

import java.util.List;

/**
 * What a capability does, for matching: a name, a description, taxonomy tags and example requests.
 *
 * @param name short human name
 * @param description what it does, in a sentence or two
 * @param tags taxonomy tags, at least one
 * @param examples example requests, which count for matching
 */
public record Intent(
    String name, String description, List<CapabilityTag> tags, List<String> examples) {

  /** Requires a name and at least one tag; copies the lists. */
  public Intent {
    if (name.isBlank()) {
      throw new IllegalArgumentException("intent name must not be blank");
    }
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("an intent needs at least one tag");
    }
    tags = List.copyOf(tags);
    examples = List.copyOf(examples);
  }
}
