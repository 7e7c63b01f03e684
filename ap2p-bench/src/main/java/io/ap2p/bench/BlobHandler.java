package io.ap2p.bench;

import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import io.ap2p.node.execution.handler.Progress;

/** Returns the same prepared output whatever the input: measures how fast a result travels. */
final class BlobHandler implements Handler {

  static final String VERSION = "bench/blob/1";

  private final Bytes output;

  BlobHandler(Bytes output) {
    this.output = output;
  }

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation) {
    return new Output(output, "application/octet-stream");
  }

  @Override
  public String version() {
    return VERSION;
  }
}
