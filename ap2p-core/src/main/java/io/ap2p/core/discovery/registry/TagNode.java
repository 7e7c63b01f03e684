package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The entries under one tag of the taxonomy (carrying it or a tag below it), in six ordered lists:
 * by whether they carry the tag exactly, and by their provider's tenure group; and the providers
 * with at least one entry here, for the exploration draw.
 */
final class TagNode {

  static final int KINDS = 2; // 0: carries the tag exactly, 1: only a tag below it
  static final int GROUPS = 3;

  private final List<NavigableSet<IndexEntry>> lists =
      new ArrayList<>(Collections.nCopies(KINDS * GROUPS, null));

  final CapabilityTag tag;
  IndexProvider[] providers = new IndexProvider[4];
  // each provider's Ed25519 key bytes as four big-endian words, slot by slot, so the exploration
  // draw streams through one array instead of visiting every provider object (Draws)
  long[] keyWords = new long[4 * 4];
  boolean[] ed25519 = new boolean[4];
  int providerCount;
  int size;
  // TextIndex: the class counts of the entries under this tag (null: none yet)
  Map<FilterClass, ProfileCounts> textClasses;

  TagNode(CapabilityTag tag) {
    this.tag = tag;
  }

  static int list(boolean exact, int group) {
    return (exact ? 0 : GROUPS) + group;
  }

  /** The list {@code index} ({@link #list}), or null when it was never used. */
  NavigableSet<IndexEntry> list(int index) {
    return lists.get(index);
  }

  void add(IndexEntry e, boolean exact, int group) {
    int i = list(exact, group);
    NavigableSet<IndexEntry> set = lists.get(i);
    if (set == null) {
      set =
          new TreeSet<>(
              group == IndexProvider.RAMP
                  ? IndexEntry.BY_RAMP
                  : exact ? IndexEntry.BY_EXACT : IndexEntry.BY_BELOW);
      lists.set(i, set);
    }
    if (!set.add(e)) {
      throw new IllegalStateException("entry listed twice");
    }
    size++;
  }

  void remove(IndexEntry e, boolean exact, int group) {
    NavigableSet<IndexEntry> set = lists.get(list(exact, group));
    if (set == null || !set.remove(e)) {
      throw new IllegalStateException("entry not listed");
    }
    size--;
  }

  int addProvider(IndexProvider p) {
    if (providerCount == providers.length) {
      providers = Arrays.copyOf(providers, 2 * providerCount);
      keyWords = Arrays.copyOf(keyWords, 4 * providers.length);
      ed25519 = Arrays.copyOf(ed25519, providers.length);
    }
    providers[providerCount] = p;
    ed25519[providerCount] = p.ed25519;
    if (p.ed25519) {
      for (int w = 0; w < 4; w++) {
        long v = 0;
        for (int b = 0; b < 8; b++) {
          v = (v << 8) | (p.multihash[Draws.ED25519_PREFIX.length + 8 * w + b] & 0xFF);
        }
        keyWords[4 * providerCount + w] = v;
      }
    }
    return providerCount++;
  }

  void removeProvider(int slot) {
    providerCount--;
    IndexProvider last = providers[providerCount];
    providers[providerCount] = null;
    if (slot != providerCount) {
      providers[slot] = last;
      System.arraycopy(keyWords, 4 * providerCount, keyWords, 4 * slot, 4);
      ed25519[slot] = ed25519[providerCount];
      last.moved(this, slot);
    }
  }
}
