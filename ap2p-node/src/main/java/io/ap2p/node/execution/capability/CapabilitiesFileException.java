package io.ap2p.node.execution.capability;

/**
 * A capabilities file (or a stored entry of one) that cannot be used. The message starts with the
 * place at fault, such as {@code capabilities[2].handler.command: must be a non-empty array of
 * strings}.
 */
public final class CapabilitiesFileException extends Exception {

  private final String path;

  /** A {@code problem} at {@code path}. */
  public CapabilitiesFileException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  /** The place at fault, such as {@code capabilities[2].handler.command}. */
  public String path() {
    return path;
  }
}
