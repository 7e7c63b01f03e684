package io.ap2p.node.execution.handler;

import io.ap2p.core.trust.Digests;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Paints the picture for a prompt with integer arithmetic only, so the pixels depend on nothing but
 * the prompt and the size: a vertical gradient and {@value #SHAPES} translucent circles, squares
 * and rings whose colours and places come from the prompt's SHA-256, and the prompt's first {@value
 * #MAX_DRAWN_CHARS} characters on a dark band at the bottom.
 */
final class ImagePainter {

  static final int SHAPES = 7;
  static final int MAX_DRAWN_CHARS = 160;
  private static final int MAX_LINES = 3;

  private ImagePainter() {}

  /** The pixels, row-major, as {@code 0xRRGGBB}. */
  static int[] paint(String prompt, int width, int height) {
    byte[] h = digest(prompt.getBytes(StandardCharsets.UTF_8));
    byte[] more = digest(h);
    int[] px = new int[width * height];
    gradient(px, width, height, rgb(h, 0), rgb(h, 3));
    for (int i = 0; i < SHAPES; i++) {
      byte[] src = i < 4 ? h : more;
      int o = 6 + (i % 4) * 6;
      shape(px, width, height, src, o);
    }
    caption(px, width, height, prompt);
    return px;
  }

  private static byte[] digest(byte[] data) {
    return Digests.sha256(Bytes.wrap(data)).toByteArray();
  }

  private static int u(byte[] b, int i) {
    return b[i % b.length] & 0xFF;
  }

  private static int rgb(byte[] b, int i) {
    return u(b, i) << 16 | u(b, i + 1) << 8 | u(b, i + 2);
  }

  private static void gradient(int[] px, int w, int h, int top, int bottom) {
    for (int y = 0; y < h; y++) {
      int c = mix(bottom, top, y * 255 / Math.max(1, h - 1));
      for (int x = 0; x < w; x++) {
        px[y * w + x] = c;
      }
    }
  }

  /** {@code a} over {@code b} with opacity {@code alpha} (0 to 255), rounded. */
  static int mix(int a, int b, int alpha) {
    int r = blend(a >> 16 & 0xFF, b >> 16 & 0xFF, alpha);
    int g = blend(a >> 8 & 0xFF, b >> 8 & 0xFF, alpha);
    int bl = blend(a & 0xFF, b & 0xFF, alpha);
    return r << 16 | g << 8 | bl;
  }

  private static int blend(int a, int b, int alpha) {
    return (a * alpha + b * (255 - alpha) + 127) / 255;
  }

  private static void shape(int[] px, int w, int h, byte[] b, int o) {
    int kind = u(b, o) % 3;
    int cx = u(b, o + 1) * w / 256;
    int cy = u(b, o + 2) * h / 256;
    int unit = Math.min(w, h);
    int r = unit / 16 + u(b, o + 3) * unit / 1024;
    int color = rgb(b, o + 3);
    int alpha = 96 + u(b, o + 5) % 128;
    for (int y = Math.max(0, cy - r); y < Math.min(h, cy + r + 1); y++) {
      for (int x = Math.max(0, cx - r); x < Math.min(w, cx + r + 1); x++) {
        long dx = x - cx;
        long dy = y - cy;
        long d2 = dx * dx + dy * dy;
        long r2 = (long) r * r;
        boolean inside =
            switch (kind) {
              case 0 -> d2 <= r2;
              case 1 -> true;
              default -> d2 <= r2 && d2 * 16 >= r2 * 9; // ring: from 3/4 r to r
            };
        if (inside) {
          px[y * w + x] = mix(color, px[y * w + x], alpha);
        }
      }
    }
  }

  private static void caption(int[] px, int w, int h, String prompt) {
    int scale = Math.max(1, w / 192);
    int charW = PixelFont.ADVANCE * scale;
    int lineH = (PixelFont.HEIGHT + 2) * scale;
    int pad = 2 * scale;
    int cols = Math.max(1, (w - 2 * pad) / charW);
    int maxLines = Math.max(1, Math.min(MAX_LINES, (h / 3) / lineH));
    String shown =
        prompt.codePointCount(0, prompt.length()) > MAX_DRAWN_CHARS
            ? prompt.substring(0, prompt.offsetByCodePoints(0, MAX_DRAWN_CHARS)) + "..."
            : prompt;
    List<String> lines = wrap(shown.replaceAll("\\s+", " "), cols, maxLines);
    int bandTop = h - lines.size() * lineH - 2 * pad;
    for (int y = Math.max(0, bandTop); y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y * w + x] = mix(0x000000, px[y * w + x], 160);
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      PixelFont.draw(px, w, h, lines.get(i), pad, bandTop + pad + i * lineH, scale, 0xFFFFFF);
    }
  }

  /** Greedy word wrap into at most {@code maxLines} lines of {@code cols}; "..." marks a cut. */
  static List<String> wrap(String text, int cols, int maxLines) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int i = 0;
    while (i < text.length() && lines.size() < maxLines) {
      int space = text.indexOf(' ', i);
      String word = text.substring(i, space < 0 ? text.length() : space);
      i = space < 0 ? text.length() : space + 1;
      while (!word.isEmpty()) {
        int room = cols - line.length() - (line.isEmpty() ? 0 : 1);
        if (word.length() <= room) {
          line.append(line.isEmpty() ? "" : " ").append(word);
          word = "";
        } else if (line.isEmpty()) {
          line.append(word, 0, cols);
          word = word.substring(cols);
          lines.add(line.toString());
          line.setLength(0);
        } else {
          lines.add(line.toString());
          line.setLength(0);
        }
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    if (lines.size() > maxLines || i < text.length()) {
      List<String> cut = new ArrayList<>(lines.subList(0, Math.min(maxLines, lines.size())));
      String last = cut.get(cut.size() - 1);
      cut.set(
          cut.size() - 1,
          last.substring(0, Math.min(last.length(), Math.max(0, cols - 3))) + "...");
      return cut;
    }
    return lines;
  }
}
