package io.ap2p.sim.run;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.execution.Delegation;
import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.execution.WorkflowDriver;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.world.Behaviour;
import io.ap2p.sim.world.Latency;
import io.ap2p.sim.world.Provider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One workflow's requester on the simulated network: carries its {@link WorkflowDriver}'s discovery
 * and task attempts on the engine, and measures them (discovery latency, canary messages and
 * latency, task bytes as {@link TaskBytes} frames them). Orchestration is the driver's.
 *
 * <pre>
 *  discover ─► registry Find (or DHT lookup) ─► answer, timed
 *  invoke   ─► one-way delay ─► the provider's true behaviour ─► one-way delay ─► reply
 *  abort    ─► nothing: the provider's work is simply dropped
 *  at       ─► an engine event at that virtual time
 * </pre>
 */
final class SimRequesterRuntime implements WorkflowDriver.Runtime {

  /**
   * What every workflow of a run shares.
   *
   * @param engine the event engine
   * @param random the network's random stream (delays, registry service times)
   * @param link one-way delays between peers
   * @param registry the way to the registry (registry mode)
   * @param dht the DHT (DHT mode)
   * @param world how providers truly behave
   * @param byPeer every provider by each identity it has had
   * @param measures the run's counters
   */
  record Network(
      Engine engine,
      SplittableRandom random,
      Latency link,
      RegistryLink registry,
      Optional<SimDht> dht,
      Behaviour world,
      Map<PeerId, Provider> byPeer,
      Measures measures) {}

  private final Network net;
  private final Flow flow;
  private final Map<Integer, Long> probeSent = new HashMap<>();

  /** The runtime of {@code flow} on {@code net}. */
  SimRequesterRuntime(Network net, Flow flow) {
    this.net = net;
    this.flow = flow;
  }

  @Override
  public void discover(String step, Query query, Consumer<List<Bytes>> answer) {
    long started = net.engine().nowMicros();
    Consumer<List<Bytes>> timed =
        got -> {
          net.measures().discoveryMs.add((net.engine().nowMicros() - started) / 1000.0);
          answer.accept(got);
        };
    if (net.dht().isPresent()) {
      // a provider lookup for the step's tag, then each provider's own descriptor, fetched from
      // it directly (a crashed provider's fetch is refused)
      net.dht().get().find(flow.requester.peer, query, timed);
      return;
    }
    net.registry()
        .send(
            flow.requester.peer,
            new RegistryMessage.Find(query),
            reply -> {
              List<Bytes> got =
                  reply instanceof RegistryMessage.Found fd ? fd.descriptors() : List.of();
              if (net.measures().churn != null) {
                net.measures().churn.registryAnswer(got); // churn: how many are stale
              }
              timed.accept(got);
            });
  }

  @Override
  public void invoke(
      String step, Delegation.Action.Invoke inv, long deadlineMillis, WorkflowDriver.Reply reply) {
    Engine engine = net.engine();
    Measures measures = net.measures();
    if (inv.probe()) {
      measures.verificationMsgs += 2;
      probeSent.put(inv.attempt(), engine.nowMicros());
    } else {
      flow.lastRealTask.put(step, inv.task());
    }
    long sent = TaskBytes.invocation(inv, deadlineMillis - engine.millis());
    PeerId target = inv.target().descriptor().peer();
    measures.selected(target, inv.probe(), engine.nowMicros()); // a newcomer's first selection
    String version = inv.target().descriptor().state().version();
    long waitMs = deadlineMillis - engine.millis(); // what a provider that never answers costs
    engine.after(
        net.link().sampleMicros(net.random()),
        () -> {
          Provider p = net.byPeer().get(target);
          boolean reached = Behaviour.reachable(p, target); // a refused connection carries nothing
          if (reached) {
            measures.taskBytes(inv.probe(), sent);
          }
          // the provider is not told which task is a canary: it judges what it receives
          boolean tookForCanary =
              net.world()
                  .serve(
                      p,
                      target,
                      flow.requester.peer,
                      inv.task(),
                      inv.receiptWanted(),
                      version,
                      (result, error) ->
                          engine.after(
                              net.link().sampleMicros(net.random()),
                              () -> answered(inv, reached, result, error, reply)));
          if (reached && net.world().isEvader(p)) {
            measures.evaderJudged(inv.probe(), tookForCanary);
          }
          if (reached && net.world().isSilent(p)) {
            measures.silent(inv.attempt() == 1, waitMs);
          }
        });
  }

  private void answered(
      Delegation.Action.Invoke inv,
      boolean reached,
      TaskResult result,
      String error,
      WorkflowDriver.Reply reply) {
    Long sent = probeSent.remove(inv.attempt());
    if (sent != null) {
      net.measures().verificationMs += (net.engine().nowMicros() - sent) / 1000.0;
    }
    if (result != null) {
      net.measures().taskBytes(inv.probe(), TaskBytes.result(result));
      reply.result(result);
    } else {
      if (reached) {
        net.measures().taskBytes(inv.probe(), TaskBytes.error(error));
      }
      reply.error(error);
    }
  }

  @Override
  public void abort(String step, Delegation.Action.Abort abort) {
    // the provider's work is simply dropped
  }

  @Override
  public void at(long atMillis, Runnable task) {
    net.engine().atEpochMillis(atMillis, task);
  }
}
