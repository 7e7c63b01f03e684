package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.matching.Matcher;
import java.util.Arrays;

/**
 * {@link Matcher#draw} for many providers at once, with the same values: the six bytes every
 * Ed25519 peer id starts with are folded into the salt once per query, and four ids are hashed side
 * by side so that their independent multiply chains overlap in the processor.
 */
final class Draws {

  /** Identity multihash of 36 bytes, protobuf field 1 = Ed25519, field 2 of 32 bytes. */
  static final byte[] ED25519_PREFIX = {0x00, 0x24, 0x08, 0x01, 0x12, 0x20};

  private Draws() {}

  /** Whether {@code multihash} is an Ed25519 peer id (the prefix, then a 32-byte key). */
  static boolean ed25519(byte[] multihash) {
    return multihash.length == ED25519_PREFIX.length + 32
        && Arrays.equals(multihash, 0, ED25519_PREFIX.length, ED25519_PREFIX, 0, 6);
  }

  /** The draws of the providers of {@code node} under {@code salt}, slot by slot. */
  static long[] of(long salt, TagNode node) {
    int n = node.providerCount;
    IndexProvider[] providers = node.providers;
    long[] words = node.keyWords;
    boolean[] ed = node.ed25519;
    long[] out = new long[n];
    long start = salt;
    for (byte b : ED25519_PREFIX) {
      start = mix(start ^ (b & 0xFF));
    }
    int[] batch = new int[4];
    int filled = 0;
    for (int i = 0; i < n; i++) {
      if (!ed[i]) {
        out[i] = Matcher.draw(salt, providers[i].multihash);
        continue;
      }
      batch[filled++] = i;
      if (filled == 4) {
        four(start, words, batch, out);
        filled = 0;
      }
    }
    for (int j = 0; j < filled; j++) {
      long h = start;
      for (int w = 0; w < 4; w++) {
        long v = words[4 * batch[j] + w];
        for (int s = 56; s >= 0; s -= 8) {
          h = mix(h ^ ((v >>> s) & 0xFF));
        }
      }
      out[batch[j]] = mix(h ^ LENGTH);
    }
    return out;
  }

  private static final int LENGTH = ED25519_PREFIX.length + 32;

  private static void four(long start, long[] words, int[] batch, long[] out) {
    int a = 4 * batch[0];
    int b = 4 * batch[1];
    int c = 4 * batch[2];
    int d = 4 * batch[3];
    long ha = start;
    long hb = start;
    long hc = start;
    long hd = start;
    for (int w = 0; w < 4; w++) {
      long va = words[a + w];
      long vb = words[b + w];
      long vc = words[c + w];
      long vd = words[d + w];
      for (int s = 56; s >= 0; s -= 8) {
        ha = mix(ha ^ ((va >>> s) & 0xFF));
        hb = mix(hb ^ ((vb >>> s) & 0xFF));
        hc = mix(hc ^ ((vc >>> s) & 0xFF));
        hd = mix(hd ^ ((vd >>> s) & 0xFF));
      }
    }
    out[batch[0]] = mix(ha ^ LENGTH);
    out[batch[1]] = mix(hb ^ LENGTH);
    out[batch[2]] = mix(hc ^ LENGTH);
    out[batch[3]] = mix(hd ^ LENGTH);
  }

  /** SplitMix64's finaliser, as {@link Matcher} mixes. */
  private static long mix(long z) {
    z = (z + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
