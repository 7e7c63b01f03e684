package io.ap2p.core.discovery.registry;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider as {@link TagIndex} sees it: its tenure group, its entries, and the tag nodes it is
 * listed under (with how many of its entries each, and its slot in each node's provider array).
 */
final class IndexProvider {

  static final int FULL = 0;
  static final int UNKNOWN = 1;
  static final int RAMP = 2;

  final PeerId peer;
  final String base58;
  final byte[] multihash;
  final boolean ed25519;
  boolean known;
  long first;
  int group;
  final List<IndexEntry> entries = new ArrayList<>(2);
  TagNode[] nodes = new TagNode[2];
  int[] counts = new int[2];
  int[] slots = new int[2];
  int memberships;
  int stamp; // the last query that looked at this provider's entries
  // the exploration draw of the last text query that drew for this provider (TextRanking)
  int drawStamp;
  long draw;

  IndexProvider(PeerId peer) {
    this.peer = peer;
    this.base58 = peer.toBase58();
    this.multihash = peer.multihash().toByteArray();
    this.ed25519 = Draws.ed25519(multihash);
  }

  /** Where {@code node} is among this provider's memberships, or -1. */
  int membership(TagNode node) {
    for (int i = 0; i < memberships; i++) {
      if (nodes[i] == node) {
        return i;
      }
    }
    return -1;
  }

  /** One more entry under {@code node}. */
  void join(TagNode node) {
    int m = membership(node);
    if (m >= 0) {
      counts[m]++;
      return;
    }
    if (memberships == nodes.length) {
      nodes = java.util.Arrays.copyOf(nodes, 2 * memberships);
      counts = java.util.Arrays.copyOf(counts, 2 * memberships);
      slots = java.util.Arrays.copyOf(slots, 2 * memberships);
    }
    nodes[memberships] = node;
    counts[memberships] = 1;
    slots[memberships] = node.addProvider(this);
    memberships++;
  }

  /** One entry fewer under {@code node}. */
  void leave(TagNode node) {
    int m = membership(node);
    if (m < 0 || --counts[m] > 0) {
      return;
    }
    node.removeProvider(slots[m]);
    memberships--;
    nodes[m] = nodes[memberships];
    counts[m] = counts[memberships];
    slots[m] = slots[memberships];
    nodes[memberships] = null;
  }

  /** Records that this provider now sits in {@code slot} of {@code node}'s provider array. */
  void moved(TagNode node, int slot) {
    slots[membership(node)] = slot;
  }
}
