package io.ap2p.core.discovery;

import java.util.List;
import java.util.Optional;

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
 */
public record Query(
    String text,
    List<CapabilityTag> tags,
    long maxLatencyMs,
    Optional<Double> maxPrice,
    Optional<String> region,
    SideEffect maxSideEffect,
    int minTier,
    int limit) {

  /** Hard cap on {@link #limit}, so answers stay bounded. */
  public static final int MAX_LIMIT = 100;

  /** Longest query text accepted, in characters. */
  public static final int MAX_TEXT = 1024;

  /** Most tags in one query. */
  public static final int MAX_TAGS = 16;

  /** Checks ranges and copies the tag list. */
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
    return new Query(text, tags, maxLatencyMs, maxPrice, region, maxSideEffect, minTier, newLimit);
  }
}
