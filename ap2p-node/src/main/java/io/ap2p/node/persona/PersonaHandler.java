package io.ap2p.node.persona;

import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import io.ap2p.node.execution.handler.Progress;

/**
 * A served capability's handler as a lying persona runs it: honestly when the persona chooses to
 * (the canary-evader on a suspected canary), otherwise on a {@link Forgery forged} input. The task
 * service around it is the honest one, so frames are valid and the receipt, when asked for, is
 * signed by the persona's own key over the real input and the wrong output.
 */
final class PersonaHandler implements Handler {

  private final String capability;

  private final PersonaRuntime runtime;
  private final Handler honest;

  PersonaHandler(PersonaRuntime runtime, Handler honest, String capability) {
    this.capability = capability;
    this.runtime = runtime;
    this.honest = honest;
  }

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation)
      throws HandlerException {
    boolean truthful = runtime.answersHonestly(invocation, capability);
    try {
      return honest.run(truthful ? invocation : Forgery.forge(invocation), progress, cancellation);
    } finally {
      runtime.answered(truthful);
    }
  }

  @Override
  public String version() {
    return honest.version();
  }

  @Override
  public void close() {
    honest.close();
  }
}
