package io.ap2p.node.execution.handler;

import java.util.Locale;

/** Small readings of media types ({@code type/subtype; parameters}). */
final class MediaTypes {

  private MediaTypes() {}

  /** The lower-case {@code type/subtype}, without parameters. */
  static String essence(String mediaType) {
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** Whether the type is JSON ({@code application/json} or {@code …+json}). */
  static boolean isJson(String mediaType) {
    String e = essence(mediaType);
    return e.equals("application/json") || (e.startsWith("application/") && e.endsWith("+json"));
  }

  /** The file extension content of this type is published with: png, txt, json or bin. */
  static String extension(String mediaType) {
    String e = essence(mediaType);
    if (e.equals("image/png")) {
      return "png";
    }
    if (e.startsWith("text/")) {
      return "txt";
    }
    if (isJson(mediaType)) {
      return "json";
    }
    return "bin";
  }
}
