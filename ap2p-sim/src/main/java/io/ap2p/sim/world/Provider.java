package io.ap2p.sim.world;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;

/** A simulated provider: its identity, what it offers, its true condition and its publisher. */
public final class Provider {

  /** Who controls the identity and how it behaves when invoked. */
  public enum Kind {
    /** Does the work; its condition drifts. */
    HONEST,
    /** The adversary's identity: attractive claims, bad results. */
    ADVERSARY
  }

  /** Stable index in the run. */
  public final int index;

  /** Honest or adversary. */
  public final Kind kind;

  /** The capability it offers. */
  public final CapabilityTag tag;

  /** Typical service time in ms when up. */
  public final double serviceMs;

  /** Current identity (whitewashers replace it). */
  public PrivateKey key;

  /** Keeps its descriptor alive at the registry (core code). */
  public RegistryPublisher publisher;

  /** Incremented whenever the publisher's timer is re-armed, so stale timers are ignored. */
  public long timerGeneration;

  /** True condition (honest providers). */
  public Drift.Condition condition = Drift.Condition.UP;

  /** Invocations served under the current identity (whitewashers). */
  public int servedUnderIdentity;

  /** A canary evader's judgement of what it receives (made when first needed). */
  public io.ap2p.core.trust.CanaryClassifier guess;

  /** Hash of the last receipt, for the chain. */
  public Bytes lastReceipt;

  /** Online/offline and warm/cold state under churn; null without churn (always online). */
  public Session session;

  /** A provider. */
  public Provider(int index, Kind kind, CapabilityTag tag, double serviceMs, PrivateKey key) {
    this.index = index;
    this.kind = kind;
    this.tag = tag;
    this.serviceMs = serviceMs;
    this.key = key;
  }
}
