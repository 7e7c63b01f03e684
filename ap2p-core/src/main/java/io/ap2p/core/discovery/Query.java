package io.ap2p.core.discovery;

import io.ap2p.core.identity.PeerId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a requester looks for: free text and tags for relevance, hard constraints that filter, and a
 * result limit.
 *
 * @param text free-text intent ("generate an image of a cat"), may be empty
 * @param tags taxonomy tags; a descriptor matches a tag it carries or one below it
 * @param maxLatencyMs largest acceptable claimed p95 latency, 0 for any
 * @param maxPrice largest acceptable price per invocation, if bounded
 * @param region required data region, if any
 * @param maxSideEffect the most invasive side effect acceptable
 * @param minTier lowest verification tier the provider must support (1..3)
 * @param limit how many matches to return (1..{@link #MAX_LIMIT})
 * @param exclude providers to leave out of the answer (the requester distrusts them or has tried
 *     them), at most {@link #MAX_EXCLUDE}
 * @param recall providers the requester trusts, whose live matching descriptors come first in the
 *     answer, at most {@link #MAX_RECALL}
 * @param offset matches to skip, for the next page of an answer (0..{@link #MAX_OFFSET})
 */
public record Query(
    String text,
    List<CapabilityTag> tags,
    long maxLatencyMs,
    Optional<Double> maxPrice,
    Optional<String> region,
    SideEffect maxSideEffect,
    int minTier,
    int limit,
    Set<PeerId> exclude,
    List<PeerId> recall,
    int offset) {

  /** Hard cap on {@link #limit}, so answers stay bounded. */
  public static final int MAX_LIMIT = 100;

  /** Longest query text accepted, in characters. */
  public static final int MAX_TEXT = 1024;

  /** Most tags in one query. */
  public static final int MAX_TAGS = 16;

  /** Most providers one query may exclude. */
  public static final int MAX_EXCLUDE = 128;

  /** Most providers one query may recall. */
  public static final int MAX_RECALL = 16;

  /** Largest page offset: an answer never reaches past this many matches. */
  public static final int MAX_OFFSET = 1000;

  /** A query with no exclusions, recalls or offset. */
  public Query(
      String text,
      List<CapabilityTag> tags,
      long maxLatencyMs,
      Optional<Double> maxPrice,
      Optional<String> region,
      SideEffect maxSideEffect,
      int minTier,
      int limit) {
    this(
        text,
        tags,
        maxLatencyMs,
        maxPrice,
        region,
        maxSideEffect,
        minTier,
        limit,
        Set.of(),
        List.of(),
        0);
  }

  /** Checks ranges and copies the tag and peer lists. */
  public Query {
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("query text longer than " + MAX_TEXT + " characters");
    }
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("more than " + MAX_TAGS + " tags in a query");
    }
    tags = List.copyOf(tags);
    if (maxLatencyMs < 0) {
      throw new IllegalArgumentException("maxLatencyMs must be >= 0");
    }
    if (maxPrice.isPresent() && !(maxPrice.get() >= 0)) {
      throw new IllegalArgumentException("maxPrice must be >= 0");
    }
    if (minTier < 1 || minTier > 3) {
      throw new IllegalArgumentException("minTier must be 1..3");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
    if (exclude.size() > MAX_EXCLUDE) {
      throw new IllegalArgumentException("more than " + MAX_EXCLUDE + " excluded peers");
    }
    if (recall.size() > MAX_RECALL) {
      throw new IllegalArgumentException("more than " + MAX_RECALL + " recalled peers");
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException("offset must be 0.." + MAX_OFFSET);
    }
    exclude = Set.copyOf(exclude);
    recall = List.copyOf(recall.stream().distinct().toList());
  }

  /** A query for one tag with no other constraint, returning up to {@code limit} matches. */
  public static Query forTag(CapabilityTag tag, int limit) {
    return new Query(
        "", List.of(tag), 0, Optional.empty(), Optional.empty(), SideEffect.IRREVERSIBLE, 1, limit);
  }

  /** A free-text query with optional tags and no other constraint. */
  public static Query text(String text, List<CapabilityTag> tags, int limit) {
    return new Query(
        text, tags, 0, Optional.empty(), Optional.empty(), SideEffect.IRREVERSIBLE, 1, limit);
  }

  /** This query with another limit. */
  public Query withLimit(int newLimit) {
    return new Query(
        text,
        tags,
        maxLatencyMs,
        maxPrice,
        region,
        maxSideEffect,
        minTier,
        newLimit,
        exclude,
        recall,
        offset);
  }

  /**
   * This query leaving out {@code excluded} providers, naming {@code recalled} trusted ones and
   * starting {@code from} matches in.
   */
  public Query scoped(Set<PeerId> excluded, List<PeerId> recalled, int from) {
    return new Query(
        text,
        tags,
        maxLatencyMs,
        maxPrice,
        region,
        maxSideEffect,
        minTier,
        limit,
        excluded,
        recalled,
        from);
  }

  /** Whether this query excludes, recalls or pages (answered by ranking, not the ordered index). */
  public boolean scoped() {
    return !exclude.isEmpty() || !recall.isEmpty() || offset > 0;
  }
}
