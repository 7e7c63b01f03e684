package io.ap2p.cli;

/** The exit codes of every ap2p command. */
public final class ExitCodes {

  /** Success. */
  public static final int OK = 0;

  /** Rejected input (a descriptor that does not verify, a bad key file) or a failed operation. */
  public static final int REJECTED = 1;

  /** Wrong usage: unknown command or flag, missing or malformed argument. */
  public static final int USAGE = 2;

  /** Interrupted (Ctrl-C, SIGTERM): the running task was cancelled (128 + SIGINT). */
  public static final int CANCELLED = 130;

  private ExitCodes() {}
}
