package io.ap2p.net.pubsub;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The message cache of gossipsub-v1.0.md ("Message Cache"): recent messages by id, in one window
 * per heartbeat; the first {@code gossip} windows are announced in IHAVE, and after {@code history}
 * shifts a message is gone. Counts how often each message was sent to each peer for its IWANTs
 * (gossipsub-v1.1.md, "Spam Protection Measures"). Not thread-safe: the router's lock guards it.
 */
final class MessageCache {

  private record Entry(Bytes id, String topic) {}

  private final int gossip;
  private final int history;
  private final Deque<List<Entry>> windows = new ArrayDeque<>();
  private final Map<Bytes, PubsubMessage> messages = new HashMap<>();
  private final Map<Bytes, Map<PeerId, Integer>> transmissions = new HashMap<>();

  MessageCache(int gossip, int history) {
    this.gossip = gossip;
    this.history = history;
    windows.addFirst(new ArrayList<>());
  }

  /** Adds a validated message under {@code id}. */
  void put(Bytes id, PubsubMessage m) {
    if (messages.putIfAbsent(id, m) == null) {
      windows.peekFirst().add(new Entry(id, m.topic()));
    }
  }

  /** The message with {@code id}, if still cached. */
  Optional<PubsubMessage> get(Bytes id) {
    return Optional.ofNullable(messages.get(id));
  }

  /**
   * The message with {@code id} for an IWANT of {@code peer}, unless it was sent to that peer for
   * its IWANTs {@code maxTransmissions} times already.
   */
  Optional<PubsubMessage> getForPeer(Bytes id, PeerId peer, int maxTransmissions) {
    PubsubMessage m = messages.get(id);
    if (m == null) {
      return Optional.empty();
    }
    int n = transmissions.computeIfAbsent(id, k -> new HashMap<>()).merge(peer, 1, Integer::sum);
    return n > maxTransmissions ? Optional.empty() : Optional.of(m);
  }

  /** Ids of {@code topic} in the gossip windows, newest first. */
  List<Bytes> gossipIds(String topic) {
    List<Bytes> ids = new ArrayList<>();
    Iterator<List<Entry>> it = windows.iterator();
    for (int i = 0; i < gossip && it.hasNext(); i++) {
      for (Entry e : it.next()) {
        if (e.topic().equals(topic)) {
          ids.add(e.id());
        }
      }
    }
    return ids;
  }

  /** Starts a new window; the oldest beyond the history is dropped. */
  void shift() {
    windows.addFirst(new ArrayList<>());
    while (windows.size() > history) {
      for (Entry e : windows.removeLast()) {
        messages.remove(e.id());
        transmissions.remove(e.id());
      }
    }
  }

  int size() {
    return messages.size();
  }
}
