package io.ap2p.node.execution.handler;

import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The built-in {@code image.generate} skill: a PNG for a prompt (see {@link ImageRequest} for the
 * input), painted by {@link ImagePainter}. The same prompt and size give the same bytes on every
 * run and machine (the PNG writer adds no time stamp), which makes the output a cheap canary: a
 * requester can compute the expected answer itself.
 */
public final class ImageGenerateHandler implements Handler {

  /** The version signed into receipts. */
  public static final String VERSION = "builtin/image.generate/1";

  static {
    // Only BufferedImage and ImageIO are used, which need no display; this merely makes sure
    // nothing tries to open one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation)
      throws HandlerException {
    invocation.checkLive(cancellation);
    ImageRequest request = ImageRequest.parse(invocation.input(), invocation.mediaType());
    int[] pixels = ImagePainter.paint(request.prompt(), request.width(), request.height());
    Bytes png = encodePng(image(pixels, request.width(), request.height()));
    invocation.checkLive(cancellation);
    if (png.length() > invocation.maxOutputBytes()) {
      throw HandlerException.outputTooLarge(invocation.maxOutputBytes());
    }
    return new Output(png, "image/png", trace(pixels));
  }

  /**
   * The trace of a rendering: the painter's version and the digest of the raw pixels (ARGB, big
   * endian), before PNG encoding. Both depend on the prompt and size only, so a re-execution gives
   * the same trace.
   */
  static Trace trace(int[] pixels) {
    java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(pixels.length * 4);
    raw.asIntBuffer().put(pixels);
    return Trace.of(
        Trace.tool("painter", PAINTER), Trace.artefact("pixels", Bytes.wrap(raw.array())));
  }

  /** The painter's version in traces: changes when {@link ImagePainter} paints differently. */
  static final String PAINTER = "ImagePainter/1";

  /** The PNG for {@code prompt} at {@code width}×{@code height}. */
  public static Bytes render(String prompt, int width, int height) {
    return encodePng(image(ImagePainter.paint(prompt, width, height), width, height));
  }

  private static BufferedImage image(int[] pixels, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, pixels, 0, width);
    return image;
  }

  private static Bytes encodePng(BufferedImage image) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JDK has no PNG writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // A memory-backed stream: ImageIO.write would otherwise use a temporary file.
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(image);
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding into memory failed", e);
    } finally {
      writer.dispose();
    }
    return Bytes.wrap(out.toByteArray());
  }

  @Override
  public String version() {
    return VERSION;
  }
}
