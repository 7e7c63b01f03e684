package io.ap2p.node.persona;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.CanaryClassifier;
import io.ap2p.net.host.Host;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.Invocation;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a persona changes in a running node, for tests and demos: the claims it announces ({@link
 * #announce}), how its handlers answer ({@link #wrap}), and, for the silent persona, the task
 * protocol's handler itself ({@link #install}). The node's own services still frame, sign and
 * publish as an honest node does: a persona lies in content, never in format.
 */
public final class PersonaRuntime {

  private static final System.Logger LOG = System.getLogger(PersonaRuntime.class.getName());

  private final Persona persona;
  private final PeerId self;
  private final PersonaOptions options;
  private final Clock clock;
  private final CanaryGuess guess = new CanaryGuess();
  private final AtomicLong honest = new AtomicLong();
  private final AtomicLong forged = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicBoolean rejoinDue = new AtomicBoolean();
  private volatile Runnable rejoin = () -> {};
  private volatile Optional<SilentService> silent = Optional.empty();

  /** {@code persona} played by {@code self} with {@code options} on {@code clock}. */
  public PersonaRuntime(Persona persona, PeerId self, PersonaOptions options, Clock clock) {
    this.persona = Objects.requireNonNull(persona, "persona");
    this.self = Objects.requireNonNull(self, "self");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The persona played. */
  public Persona persona() {
    return persona;
  }

  /** How it is played. */
  public PersonaOptions options() {
    return options;
  }

  /**
   * What this node says about peers in feedback, for the colluder: it vouches for {@link
   * PersonaOptions#colluders} and reports badly on everyone else. Empty for the other personas.
   */
  public Optional<Testimony> testimony() {
    return persona == Persona.COLLUDER
        ? Optional.of(new Testimony(self, options.colluders()))
        : Optional.empty();
  }

  /** The descriptor template to announce instead of {@code honest}: {@link Claims#attractive}. */
  public CapabilityDescriptor announce(CapabilityDescriptor honest) {
    return Claims.attractive(honest);
  }

  /**
   * The handler to serve for {@code capability} instead of {@code honest} (the silent persona never
   * runs one).
   */
  public Handler wrap(Handler honest, String capability) {
    return persona == Persona.SILENT ? honest : new PersonaHandler(this, honest, capability);
  }

  /**
   * Takes over what the node's services cannot do as they are: for the silent persona, the task
   * protocol's handler on {@code host} (call it after the task service registered its own).
   */
  public void install(Host host, TaskLimits limits) {
    if (persona == Persona.SILENT) {
      silent = Optional.of(new SilentService(host, limits, clock));
    }
  }

  /**
   * Runs {@code action} when a whitewasher has answered its {@link PersonaOptions#whitewashAfter}
   * tasks (once per runtime: a rejoined node has a new one). Until one is set, the moment is only
   * logged.
   */
  public void onRejoin(Runnable action) {
    rejoin = Objects.requireNonNull(action, "action");
  }

  /** Whether a whitewasher has answered its tasks and is due to rejoin. */
  public boolean rejoinDue() {
    return rejoinDue.get();
  }

  /**
   * Counters: tasks answered honestly and wrongly, tasks taken silently (and streams held now), and
   * the canary-evader's guesses ({@code guess.suspected.<reason>}, {@code guess.real}).
   */
  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    out.put("honest", honest.get());
    out.put("forged", forged.get());
    out.put("silenced", silent.map(SilentService::silenced).orElse(0L));
    out.put("holding", silent.map(x -> (long) x.holding()).orElse(0L));
    if (persona == Persona.CANARY_EVADER) {
      guess.counters().forEach((k, v) -> out.put("guess." + k, v));
    }
    return out;
  }

  /** Whether to answer {@code invocation} honestly: only the canary-evader ever does. */
  boolean answersHonestly(Invocation invocation, String capability) {
    if (persona != Persona.CANARY_EVADER) {
      return false;
    }
    Optional<CanaryClassifier.Reason> reason =
        guess.judge(invocation.requester() + "/" + capability, invocation.input(), clock.millis());
    LOG.log(
        System.Logger.Level.INFO,
        () ->
            "canary-evader: task "
                + invocation.taskId()
                + " from "
                + invocation.requester()
                + reason
                    .map(r -> " looks like a canary (" + r + "): answered honestly")
                    .orElse(" looks real: answered wrongly"));
    return reason.isPresent();
  }

  /** Counts an answer; a whitewasher that has answered enough rejoins. */
  void answered(boolean truthful) {
    (truthful ? honest : forged).incrementAndGet();
    long n = answered.incrementAndGet();
    if (persona == Persona.WHITEWASHER
        && n >= options.whitewashAfter()
        && rejoinDue.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.INFO, "whitewasher: " + n + " tasks answered, rejoining");
      rejoin.run();
    }
  }
}
