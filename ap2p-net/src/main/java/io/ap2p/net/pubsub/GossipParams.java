package io.ap2p.net.pubsub;

import java.time.Duration;

/**
 * The router's parameters (gossipsub-v1.0.md, "Parameters"; gossipsub-v1.1.md, "PRUNE Backoff and
 * Peer Exchange", "Flood Publishing", "Adaptive Gossip Dissemination").
 *
 * @param d the desired mesh degree
 * @param dLo below this, the heartbeat grafts peers up to {@code d}
 * @param dHi above this, the heartbeat prunes peers down to {@code d}
 * @param dLazy the least number of peers to gossip to per heartbeat
 * @param gossipFactor the share of eligible peers gossiped to, if more than {@code dLazy}
 * @param heartbeat the heartbeat interval
 * @param fanoutTtl how long a fanout set is kept after the last publish to its topic
 * @param historyLength heartbeats a message stays in the message cache
 * @param historyGossip heartbeats of the cache announced in IHAVE
 * @param seenTtl how long a message id is remembered as seen
 * @param pruneBackoff how long a pruned peer must not graft again
 * @param floodPublish whether own messages go to every subscribed peer, not just the mesh
 * @param maxIHaveMessages IHAVE entries read per peer per heartbeat
 * @param maxIHaveLength message ids asked for per peer per heartbeat
 * @param gossipRetransmission times a message is sent to the same peer for its IWANTs
 * @param maxInvalidMessages invalid messages after which a peer's messages are dropped
 */
public record GossipParams(
    int d,
    int dLo,
    int dHi,
    int dLazy,
    double gossipFactor,
    Duration heartbeat,
    Duration fanoutTtl,
    int historyLength,
    int historyGossip,
    Duration seenTtl,
    Duration pruneBackoff,
    boolean floodPublish,
    int maxIHaveMessages,
    int maxIHaveLength,
    int gossipRetransmission,
    int maxInvalidMessages) {

  /** The specification's defaults (D=6, D_lo=5, D_hi=12, 1 s heartbeat, 1 min backoff). */
  public static final GossipParams DEFAULTS =
      new GossipParams(
          6,
          5,
          12,
          6,
          0.25,
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          5,
          3,
          Duration.ofMinutes(2),
          Duration.ofMinutes(1),
          true,
          10,
          5000,
          3,
          100);

  /** Checks the degrees and windows are consistent. */
  public GossipParams {
    if (!(dLo >= 1 && dLo <= d && d <= dHi) || dLazy < 0) {
      throw new IllegalArgumentException("need 1 <= D_lo <= D <= D_hi and D_lazy >= 0");
    }
    if (historyGossip < 1 || historyGossip > historyLength) {
      throw new IllegalArgumentException("need 1 <= history_gossip <= history_length");
    }
    if (heartbeat.isNegative() || heartbeat.isZero() || !(gossipFactor >= 0 && gossipFactor <= 1)) {
      throw new IllegalArgumentException("heartbeat must be positive, gossip factor within 0..1");
    }
  }

  /** These parameters with a heartbeat of {@code interval} (tests and benchmarks). */
  public GossipParams withHeartbeat(Duration interval) {
    return new GossipParams(
        d,
        dLo,
        dHi,
        dLazy,
        gossipFactor,
        interval,
        fanoutTtl,
        historyLength,
        historyGossip,
        seenTtl,
        pruneBackoff,
        floodPublish,
        maxIHaveMessages,
        maxIHaveLength,
        gossipRetransmission,
        maxInvalidMessages);
  }
}
