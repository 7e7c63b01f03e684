package io.ap2p.node.execution;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.node.execution.handler.Handler;

/**
 * A capability this node serves: the descriptor template it publishes and the handler that does the
 * work.
 *
 * @param template the unsigned descriptor (its id, constraints and version are what is enforced)
 * @param handler runs the invocations
 */
public record ServedCapability(CapabilityDescriptor template, Handler handler) {

  /** The capability id. */
  public String id() {
    return template.id();
  }
}
