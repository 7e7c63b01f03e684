package io.ap2p.node;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.time.Clock;
import io.ap2p.node.discovery.Publishing;
import io.ap2p.node.execution.ServedCapability;
import io.ap2p.node.execution.TaskService;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.persona.PersonaRuntime;
import io.ap2p.node.trust.attest.AttestClient;
import java.util.Optional;

/** How a node offers the tools of its local MCP servers: served and published like the rest. */
final class McpOffers {

  private McpOffers() {}

  /** How an MCP server's tools are served and published, as the other capabilities are. */
  static io.ap2p.node.execution.mcp.McpTools.Offers of(
      NodeOptions o,
      Clock clock,
      TaskService tasks,
      Optional<Publishing> provider,
      Optional<PersonaRuntime> persona,
      Optional<AttestClient> attestClient) {
    return new io.ap2p.node.execution.mcp.McpTools.Offers() {
      @Override
      public void offer(com.fasterxml.jackson.databind.node.ObjectNode template, Handler handler) {
        CapabilityDescriptor d;
        try {
          d =
              AttestClient.announce(
                  io.ap2p.core.discovery.DescriptorSigning.fromTemplate(
                      template, o.identity(), clock.instant()),
                  attestClient.map(AttestClient::attestor));
        } catch (io.ap2p.core.wire.JsonFormatException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
        Handler h = handler;
        if (persona.isPresent()) {
          d = persona.get().announce(d);
          h = persona.get().wrap(h, d.id());
        }
        CapabilityDescriptor served = d;
        tasks.add(new ServedCapability(served, h));
        provider.ifPresent(p -> p.publish(served));
      }

      @Override
      public void withdraw(String capabilityId) {
        provider.ifPresent(p -> p.withdraw(capabilityId));
        tasks.remove(capabilityId);
      }
    };
  }
}
