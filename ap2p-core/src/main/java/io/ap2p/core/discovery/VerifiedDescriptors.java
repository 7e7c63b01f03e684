package io.ap2p.core.discovery;

import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A validator with a memory: descriptor bytes whose signature already verified are not parsed or
 * verified again, only their time window is re-judged. Query answers repeat the same descriptors
 * until the next refresh, so most of a requester's checks become a lookup. Bounded (least recently
 * used entries go first); not thread-safe.
 */
public final class VerifiedDescriptors {

  private final DescriptorValidator validator;
  private final Map<Bytes, SignedDescriptor> seen;
  private long hits;
  private long misses;

  /** A cache of at most {@code maxEntries} verified descriptors in front of {@code validator}. */
  public VerifiedDescriptors(DescriptorValidator validator, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1");
    }
    this.validator = validator;
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Bytes, SignedDescriptor> e) {
            return size() > maxEntries;
          }
        };
  }

  /**
   * Judges {@code json} like {@link DescriptorValidator#validate(Bytes)}, with the same verdicts.
   */
  public Verdict<SignedDescriptor> validate(Bytes json) {
    SignedDescriptor known = seen.get(json);
    if (known != null) {
      hits++;
      return validator.revalidate(known);
    }
    misses++;
    Verdict<SignedDescriptor> v = validator.validate(json);
    if (v instanceof Verdict.Accepted<SignedDescriptor> ok) {
      seen.put(json, ok.value());
    }
    return v;
  }

  /** Lookups answered from memory. */
  public long hits() {
    return hits;
  }

  /** Lookups that needed a full validation. */
  public long misses() {
    return misses;
  }
}
