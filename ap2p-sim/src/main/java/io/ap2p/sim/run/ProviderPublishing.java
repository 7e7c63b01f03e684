package io.ap2p.sim.run;

import io.ap2p.core.discovery.Availability;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityState;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.sim.churn.ChurnMeter;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.world.Drift;
import io.ap2p.sim.world.Offers;
import io.ap2p.sim.world.Provider;
import io.ap2p.sim.world.Session;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The provider side of the discovery plane: each provider's {@link RegistryPublisher} (core code)
 * keeps its descriptor alive at the registry or in the DHT, and capability drift changes what the
 * next refresh announces.
 */
final class ProviderPublishing {

  private final Engine engine;
  private final Point point;
  private final SplittableRandom drift;
  private final RegistryLink registryLink;
  private final SimDht dht; // null in registry mode
  private final List<PeerId> attestors;
  private ChurnMeter churn; // judges answers; null until measure()

  ProviderPublishing(
      Engine engine,
      Point point,
      SplittableRandom drift,
      RegistryLink registryLink,
      SimDht dht,
      List<PeerId> attestors) {
    this.engine = engine;
    this.point = point;
    this.drift = drift;
    this.registryLink = registryLink;
    this.dht = dht;
    this.attestors = List.copyOf(attestors);
  }

  /** Tells {@code meter} of every descriptor sent, to judge answers by. */
  void measure(ChurnMeter meter) {
    this.churn = meter;
  }

  /** Starts publishing {@code p}'s current capability. */
  void start(Provider p) {
    execute(p, p.publisher.publish(template(p)));
  }

  private CapabilityDescriptor template(Provider p) {
    return Offers.template(p, point, attestors, engine.millis());
  }

  /** Carries out a publisher's actions for its current identity. */
  private void execute(Provider p, List<RegistryPublisher.Action> actions) {
    if (!Session.online(p)) {
      return; // churn: an offline peer sends nothing and arms no timer
    }
    PrivateKey identity = p.key;
    for (RegistryPublisher.Action a : actions) {
      if (churn != null
          && a instanceof RegistryPublisher.Action.Send send
          && send.message() instanceof RegistryMessage.Register reg) {
        churn.published(p, identity.peerId(), reg.signedDescriptor());
      }
      switch (a) {
        case RegistryPublisher.Action.Send s when dht != null -> dhtPublish(p, identity, s);
        case RegistryPublisher.Action.Send s ->
            registryLink.send(
                identity.peerId(),
                s.message(),
                answer -> {
                  if (p.key == identity && answer instanceof RegistryMessage.Ack ack) {
                    p.publisher.onAck(s.capabilityId(), ack);
                  }
                });
        case RegistryPublisher.Action.ArmTimer t -> {
          long gen = ++p.timerGeneration;
          if (t.atMillis() != Long.MAX_VALUE) {
            engine.atEpochMillis(
                t.atMillis(),
                () -> {
                  if (p.timerGeneration == gen && p.key == identity) {
                    execute(p, p.publisher.onTimer());
                  }
                });
          }
        }
      }
    }
  }

  /**
   * DHT mode: the provider hands out the newly signed descriptor itself and announces provider
   * records for its tag and the tag's parents; "registered" once some peer took them.
   */
  private void dhtPublish(Provider p, PrivateKey identity, RegistryPublisher.Action.Send s) {
    if (!(s.message() instanceof RegistryMessage.Register reg)) {
      return; // a withdrawal: provider records expire by themselves
    }
    long expiresAt =
        p.publisher
            .currentDescriptor(s.capabilityId())
            .map(CapabilityDescriptor::expiresAtMillis)
            .orElse(0L);
    dht.publish(
        identity.peerId(),
        reg.signedDescriptor(),
        p.tag,
        told -> {
          if (p.key != identity) {
            return;
          }
          if (told > 0) {
            p.publisher.onAck(
                s.capabilityId(),
                new RegistryMessage.Ack(
                    RegistryMessage.Status.ACCEPTED, "ANNOUNCED", "", expiresAt));
          } else {
            execute(p, p.publisher.onSendFailed(s.capabilityId()));
          }
        });
  }

  /** Capability drift: the true condition changes; the descriptor catches up at the refresh. */
  void driftStep(Provider p) {
    driftStep(p, drift);
  }

  /** As {@link #driftStep(Provider)}, drawing from {@code stream} (a newcomer's own). */
  void driftStep(Provider p, java.util.SplittableRandom stream) {
    Drift.Condition before = p.condition;
    p.condition = Drift.next(before, stream);
    engine.trace(p.index * 4L + p.condition.ordinal());
    String id = Offers.capabilityId(p.tag);
    switch (p.condition) {
      case UP -> {
        if (before == Drift.Condition.DOWN) {
          execute(p, p.publisher.publish(template(p))); // back up
        } else {
          p.publisher.updateState(
              id, new CapabilityState(Availability.AVAILABLE, 0.3, 0, Offers.VERSION));
        }
      }
      case DEGRADED ->
          p.publisher.updateState(
              id, new CapabilityState(Availability.DEGRADED, 0.8, 4, Offers.VERSION));
      case DOWN -> p.timerGeneration++; // crashed: stops refreshing, its claim goes stale
    }
    engine.after(Drift.holdMicros(point.driftMeanSeconds(), stream), () -> driftStep(p, stream));
  }
}
