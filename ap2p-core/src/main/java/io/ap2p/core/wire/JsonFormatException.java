package io.ap2p.core.wire;

/** JSON that does not follow its schema; the message starts with the JSON path at fault. */
public class JsonFormatException extends Exception {

  private final String path;

  /** A {@code problem} at {@code path} (such as {@code $.constraints.price}). */
  public JsonFormatException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  /** The JSON path at fault. */
  public String path() {
    return path;
  }
}
