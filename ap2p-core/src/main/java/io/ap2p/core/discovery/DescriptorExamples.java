package io.ap2p.core.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Example descriptor templates shipped with ap2p, for docs, the CLI and tests. */
public final class DescriptorExamples {

  private DescriptorExamples() {}

  /**
   * The paper's running example: an unsigned image-generation capability template (no {@code peer},
   * {@code issuedAt}, {@code seq} or {@code sig}; signing fills them in).
   */
  public static String imageGenerationTemplate() {
    try (InputStream in =
        DescriptorExamples.class.getResourceAsStream("example-image-generate.json")) {
      if (in == null) {
        throw new IllegalStateException("example-image-generate.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
