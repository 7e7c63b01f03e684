package io.ap2p.node.trust.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Canaries for the built-in deterministic skills, answered by re-executing them here: an {@code
 * image.generate} prompt drawn like the real one (same form: plain text, or JSON with the same
 * sizes), whose PNG this node renders itself; and for {@code content.publish}, a freshly rendered
 * PNG of the real image's size, whose answer must name its digest and length.
 */
public final class BuiltInCanaries implements CanaryFactory.Source {

  /** The built-in image skill. */
  public static final CapabilityTag IMAGE = new CapabilityTag("image.generate");

  /** The built-in publish skill. */
  public static final CapabilityTag PUBLISH = new CapabilityTag("content.publish");

  private static final int DEFAULT_SIZE = 256;
  private static final int MIN_SIZE = 64;
  private static final int MAX_SIZE = 1024;

  private final RandomGenerator random;

  /** Canaries whose inputs are drawn from {@code random}. */
  public BuiltInCanaries(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public Optional<CanaryFactory.Canary> canary(CapabilityTag tag, Bytes realInput) {
    if (tag.equals(IMAGE)) {
      return image(realInput);
    }
    if (tag.equals(PUBLISH)) {
      return publish(realInput);
    }
    return Optional.empty();
  }

  private Optional<CanaryFactory.Canary> image(Bytes real) {
    String text = real.toUtf8();
    if (!text.stripLeading().startsWith("{")) {
      String prompt = Prompts.drawLike(text.strip(), random);
      Bytes png = ImageGenerateHandler.render(prompt, DEFAULT_SIZE, DEFAULT_SIZE);
      return Optional.of(
          CanaryFactory.Canary.ofDigest(
              Bytes.wrap(prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
              Digests.sha256(png)));
    }
    JsonNode node;
    try {
      node = Json.parse(real.toByteArray());
    } catch (JsonFormatException e) {
      return Optional.empty(); // not a request this skill takes: no canary shaped like it
    }
    if (!(node instanceof ObjectNode obj) || !obj.path("prompt").isTextual()) {
      return Optional.empty();
    }
    int width = size(obj.get("width"));
    int height = size(obj.get("height"));
    if (width < 0 || height < 0) {
      return Optional.empty();
    }
    String prompt = Prompts.drawLike(obj.get("prompt").textValue(), random);
    ObjectNode canary = obj.deepCopy();
    canary.put("prompt", prompt);
    // the same encoding as the real input: canonical JSON when it was, compact otherwise
    Bytes input =
        Jcs.canonicalize(obj).equals(real)
            ? Jcs.canonicalize(canary)
            : Bytes.wrap(canary.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Bytes png = ImageGenerateHandler.render(prompt, width, height);
    return Optional.of(CanaryFactory.Canary.ofDigest(input, Digests.sha256(png)));
  }

  private Optional<CanaryFactory.Canary> publish(Bytes real) {
    Optional<int[]> dims = pngSize(real);
    if (dims.isEmpty()) {
      return Optional.empty(); // only images are published here with a canary of the same kind
    }
    int width = Math.max(MIN_SIZE, Math.min(MAX_SIZE, dims.get()[0]));
    int height = Math.max(MIN_SIZE, Math.min(MAX_SIZE, dims.get()[1]));
    Bytes png = ImageGenerateHandler.render(Prompts.draw(random), width, height);
    String sha = Digests.sha256(png).toHex();
    long length = png.length();
    return Optional.of(new CanaryFactory.Canary(png, out -> publishedRightly(out, sha, length)));
  }

  /**
   * Whether a publish answer names the canary's digest, file and length ({@code alreadyPublished}
   * may be either: publishing is idempotent).
   */
  static boolean publishedRightly(Bytes out, String sha, long length) {
    try {
      JsonNode a = Json.parse(out.toByteArray());
      return a.path("sha256").asText("").equals(sha)
          && a.path("bytes").asLong(-1) == length
          && a.path("published").asText("").equals(sha + ".png");
    } catch (JsonFormatException e) {
      return false;
    }
  }

  private static int size(JsonNode n) {
    if (n == null) {
      return DEFAULT_SIZE;
    }
    if (!n.canConvertToInt() || n.intValue() < MIN_SIZE || n.intValue() > MAX_SIZE) {
      return -1;
    }
    return n.intValue();
  }

  /** Width and height from a PNG's IHDR chunk, if {@code b} starts like a PNG. */
  static Optional<int[]> pngSize(Bytes b) {
    if (b.length() < 24) {
      return Optional.empty();
    }
    byte[] head = b.slice(0, 24).toByteArray();
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) {
        return Optional.empty();
      }
    }
    int w = java.nio.ByteBuffer.wrap(head, 16, 4).getInt();
    int h = java.nio.ByteBuffer.wrap(head, 20, 4).getInt();
    return w > 0 && h > 0 ? Optional.of(new int[] {w, h}) : Optional.empty();
  }
}
