package io.ap2p.node.persona;

import io.ap2p.core.discovery.Availability;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityState;
import io.ap2p.core.discovery.QosClaims;
import io.ap2p.core.discovery.VerificationSupport;
import java.util.Optional;

/**
 * What every persona announces for the capabilities it serves: the claims of the simulator's
 * adversaries ({@code ap2p-sim} {@code Offers.template}), attractive enough to out-rank honest
 * providers under claim-based ranking. The intent, schemas and constraints stay the honest ones, so
 * the persona matches the same queries and is held to the same limits.
 */
public final class Claims {

  /** Claimed median latency: far below any honest built-in's (50 ms for image.generate). */
  public static final long P50_MS = 5;

  /** Claimed 95th percentile latency. */
  public static final long P95_MS = 12;

  /** Claimed success rate (the simulator's adversaries claim the same). */
  public static final double SUCCESS = 0.999;

  private Claims() {}

  /**
   * {@code honest} with attractive claims: available, load 0, empty queue, {@value #P50_MS} ms p50,
   * {@value #P95_MS} ms p95, success {@value #SUCCESS}, and canaries, receipts and attestation all
   * claimed (the attestors listed are the honest template's: a persona cannot make a pinned
   * attestor countersign its lies).
   */
  public static CapabilityDescriptor attractive(CapabilityDescriptor honest) {
    return new CapabilityDescriptor(
        honest.peer(),
        honest.addrs(),
        honest.id(),
        honest.seq(),
        honest.issuedAt(),
        honest.ttlSeconds(),
        honest.intent(),
        honest.io(),
        honest.constraints(),
        new CapabilityState(Availability.AVAILABLE, 0.0, 0, honest.state().version()),
        Optional.of(new QosClaims(P50_MS, P95_MS, SUCCESS)),
        new VerificationSupport(true, true, true, honest.verification().attestors()));
  }
}
