package io.ap2p.net.pubsub;

/**
 * What one pubsub RPC may hold; the decoder refuses an RPC past any of them (gossipsub-v1.1.md,
 * "Spam Protection Measures", asks routers to bound what a peer can make them hold).
 *
 * @param maxRpcBytes the largest RPC, framed message included (go-libp2p's default is 1 MiB)
 * @param maxSubscriptions subscription changes per RPC
 * @param maxMessages messages per RPC
 * @param maxControl GRAFT, PRUNE, IHAVE and IWANT entries per RPC, each kind counted apart
 * @param maxIds message ids per RPC, over all its IHAVE and IWANT entries
 * @param maxTopicBytes the longest topic name
 * @param maxIdBytes the longest message id
 * @param maxPrunePeers peer-exchange records per PRUNE (read and dropped)
 */
public record RpcLimits(
    int maxRpcBytes,
    int maxSubscriptions,
    int maxMessages,
    int maxControl,
    int maxIds,
    int maxTopicBytes,
    int maxIdBytes,
    int maxPrunePeers) {

  /** The limits ap2p uses: 1 MiB, 256 messages, 5000 ids (the spec's max_ihave_length). */
  public static final RpcLimits DEFAULTS =
      new RpcLimits(1 << 20, 512, 256, 256, 5000, 256, 256, 64);

  /** Checks every limit is positive. */
  public RpcLimits {
    if (maxRpcBytes < 64
        || maxSubscriptions < 1
        || maxMessages < 1
        || maxControl < 1
        || maxIds < 1
        || maxTopicBytes < 1
        || maxIdBytes < 1
        || maxPrunePeers < 0) {
      throw new IllegalArgumentException("pubsub limits must be positive");
    }
  }
}
