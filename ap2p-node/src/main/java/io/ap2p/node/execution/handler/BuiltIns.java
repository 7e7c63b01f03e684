package io.ap2p.node.execution.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The skills every node has without installing anything: {@code image.generate}, {@code
 * content.publish} and {@code text.summarize}, each a handler and an unsigned descriptor template.
 */
public final class BuiltIns {

  private static final List<String> NAMES =
      List.of("image.generate", "content.publish", "text.summarize");

  private BuiltIns() {}

  /** The built-in skills' names. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * A handler for built-in {@code name}; {@code dataDir} is the node's data directory (where {@code
   * content.publish} writes).
   *
   * @throws IllegalArgumentException if there is no such built-in
   */
  public static Handler create(String name, Path dataDir) {
    return switch (check(name)) {
      case "image.generate" -> new ImageGenerateHandler();
      case "content.publish" -> new ContentPublishHandler(dataDir);
      default -> new TextSummarizeHandler();
    };
  }

  /**
   * The unsigned descriptor template (JSON text) of built-in {@code name}.
   *
   * @throws IllegalArgumentException if there is no such built-in
   */
  public static String template(String name) {
    String resource = "/io/ap2p/node/execution/builtin/" + check(name).replace('.', '-') + ".json";
    try (InputStream in = BuiltIns.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String check(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown built-in " + name + "; known: " + String.join(", ", NAMES));
    }
    return name;
  }
}
