package io.ap2p.core.discovery;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A validator with a memory: descriptor bytes whose signature already verified are not parsed or
 * verified again, only their time window (and the sender) is re-judged. Query answers repeat the
 * same descriptors until the next refresh, so most of a requester's checks become a lookup.
 * Verdicts are exactly those of the validator behind it. Safe for concurrent use when its memory is
 * (the bounded one it makes itself is), which a registry that checks signatures on several cores
 * needs; the memory may also be a concurrent map shared by several instances.
 */
public final class VerifiedDescriptors implements DescriptorCheck {

  private final DescriptorValidator validator;
  private final Map<Bytes, SignedDescriptor> seen;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /**
   * A cache of at most {@code maxEntries} verified descriptors (least recently used go first) in
   * front of {@code validator}.
   */
  public VerifiedDescriptors(DescriptorValidator validator, int maxEntries) {
    this(validator, lru(maxEntries));
  }

  /**
   * A cache in front of {@code validator} that keeps what it verified in {@code memory} (for
   * example a concurrent map that several holders share; its bound is the caller's business).
   */
  public VerifiedDescriptors(DescriptorValidator validator, Map<Bytes, SignedDescriptor> memory) {
    this.validator = validator;
    this.seen = memory;
  }

  private static Map<Bytes, SignedDescriptor> lru(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1");
    }
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Bytes, SignedDescriptor> e) {
            return size() > maxEntries;
          }
        });
  }

  /**
   * Judges {@code json} like {@link DescriptorValidator#validate(Bytes)}, with the same verdicts.
   */
  public Verdict<SignedDescriptor> validate(Bytes json) {
    return validate(json, Optional.empty());
  }

  @Override
  public Verdict<SignedDescriptor> validate(Bytes json, Optional<PeerId> sender) {
    SignedDescriptor known = seen.get(json);
    if (known != null) {
      hits.increment();
      PeerId peer = known.descriptor().peer();
      if (sender.isPresent() && !sender.get().equals(peer)) {
        return Verdict.reject(
            DescriptorReason.PEER_MISMATCH,
            "descriptor names " + peer + " but was sent by " + sender.get());
      }
      return validator.revalidate(known);
    }
    misses.increment();
    Verdict<SignedDescriptor> v = validator.validate(json, sender);
    if (v instanceof Verdict.Accepted<SignedDescriptor> ok) {
      seen.put(json, ok.value());
    }
    return v;
  }

  /** Lookups answered from memory. */
  public long hits() {
    return hits.sum();
  }

  /** Lookups that needed a full validation. */
  public long misses() {
    return misses.sum();
  }
}
