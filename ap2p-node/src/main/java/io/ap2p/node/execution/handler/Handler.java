package io.ap2p.node.execution.handler;

/**
 * Runs invocations of one capability on this node. Implementations are thread-safe: the node may
 * run several invocations of one handler at once.
 */
public interface Handler extends AutoCloseable {

  /**
   * Runs one invocation; blocking; called on a virtual thread of its own.
   *
   * @throws HandlerException with the code the requester is told (deadline, cancel, output size,
   *     bad input or failure)
   */
  Output run(Invocation invocation, Progress progress, Cancellation cancellation)
      throws HandlerException;

  /**
   * The handler's version, signed into receipts (e.g. {@code "builtin/image.generate/1"}, {@code
   * "exec/1 sha256:<digest of the command line>"}).
   */
  String version();

  /** Releases what the handler holds (an HTTP client, say); invocations may not follow. */
  @Override
  default void close() {}
}
