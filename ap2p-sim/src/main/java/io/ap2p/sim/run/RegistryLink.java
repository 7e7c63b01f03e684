package io.ap2p.sim.run;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PeerId;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.world.Latency;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The way to the one registry: log-normal one-way delays, then a FIFO queue in front of {@code
 * registryCores} servers whose service time is exponential (registrations and withdrawals with mean
 * {@code registryRegisterMs}, queries with {@code registryServiceMs} plus a per-entry cost), so
 * discovery latency includes queueing.
 */
final class RegistryLink {

  private final Engine engine;
  private final SplittableRandom net;
  private final Latency latency;
  private final Point point;
  private final RegistryServer registry;
  private final LongConsumer countMessage;
  private final BiFunction<PeerId, Query, Query> scope;
  private final long[] freeAtMicros; // per server

  /** A link to {@code registry} counting each message's encoded size with {@code countMessage}. */
  RegistryLink(
      Engine engine,
      SplittableRandom net,
      Latency latency,
      Point point,
      RegistryServer registry,
      LongConsumer countMessage) {
    this(engine, net, latency, point, registry, countMessage, (peer, q) -> q);
  }

  /**
   * As above, with each query of a requester scoped by {@code scope} before it leaves (what the
   * requester excludes and recalls, {@link io.ap2p.core.trust.QueryScope}).
   */
  RegistryLink(
      Engine engine,
      SplittableRandom net,
      Latency latency,
      Point point,
      RegistryServer registry,
      LongConsumer countMessage,
      BiFunction<PeerId, Query, Query> scope) {
    this.scope = scope;
    this.engine = engine;
    this.net = net;
    this.latency = latency;
    this.point = point;
    this.registry = registry;
    this.countMessage = countMessage;
    this.freeAtMicros = new long[point.scale().registryCores()];
  }

  /** Delivers {@code msg} from {@code from} to the registry and its reply back to {@code reply}. */
  void send(PeerId from, RegistryMessage request, Consumer<RegistryMessage> reply) {
    RegistryMessage msg =
        request instanceof RegistryMessage.Find f
            ? new RegistryMessage.Find(scope.apply(from, f.query()))
            : request;
    countMessage.accept(msg.encodedSize());
    engine.after(
        latency.sampleMicros(net),
        () -> {
          long now = engine.nowMicros();
          int server = 0; // the first free server, the lowest-numbered on a tie
          for (int i = 1; i < freeAtMicros.length; i++) {
            if (freeAtMicros[i] < freeAtMicros[server]) {
              server = i;
            }
          }
          long start = Math.max(now, freeAtMicros[server]);
          double meanMs =
              msg instanceof RegistryMessage.Find
                  ? point.registryServiceMs()
                  : point.scale().registerMs(point.registryServiceMs());
          double serviceUs = -Math.log(1 - net.nextDouble()) * meanMs * 1000;
          if (msg instanceof RegistryMessage.Find) {
            serviceUs += point.registryPerEntryUs() * registry.table().size();
            // a scoped query is ranked in full, not read from the ordered index: its candidates
            // are copied and scored (the same per-entry cost again)
            if (((RegistryMessage.Find) msg).query().scoped()) {
              serviceUs += point.registryPerEntryUs() * registry.table().size();
            }
          }
          freeAtMicros[server] = start + (long) serviceUs;
          engine.after(
              freeAtMicros[server] - now,
              () -> {
                RegistryMessage answer = registry.handle(from, msg);
                countMessage.accept(answer.encodedSize());
                engine.after(latency.sampleMicros(net), () -> reply.accept(answer));
              });
        });
  }
}
