package io.ap2p.bench;

import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import io.ap2p.node.execution.handler.Progress;

/** Returns its input unchanged: the cheapest possible capability, so a call measures the plane. */
final class EchoHandler implements Handler {

  static final String VERSION = "bench/echo/1";

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation) {
    return new Output(invocation.input(), "application/octet-stream");
  }

  @Override
  public String version() {
    return VERSION;
  }
}
