package io.ap2p.node.execution.handler;

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
    Bytes png = render(request.prompt(), request.width(), request.height());
    invocation.checkLive(cancellation);
    if (png.length() > invocation.maxOutputBytes()) {
      throw HandlerException.outputTooLarge(invocation.maxOutputBytes());
    }
    return new Output(png, "image/png");
  }

  /** The PNG for {@code prompt} at {@code width}×{@code height}. */
  public static Bytes render(String prompt, int width, int height) {
    int[] pixels = ImagePainter.paint(prompt, width, height);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, pixels, 0, width);
    return encodePng(image);
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
