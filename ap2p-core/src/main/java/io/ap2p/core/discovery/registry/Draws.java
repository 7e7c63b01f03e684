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

  /** The draws of the first {@code n} of {@code providers} under {@code salt}. */
  static long[] of(long salt, IndexProvider[] providers, int n) {
    long[] out = new long[n];
    long start = salt;
    for (byte b : ED25519_PREFIX) {
      start = mix(start ^ (b & 0xFF));
    }
    int len = ED25519_PREFIX.length + 32;
    int[] batch = new int[4];
    int filled = 0;
    for (int i = 0; i < n; i++) {
      if (!providers[i].ed25519) {
        out[i] = Matcher.draw(salt, providers[i].multihash);
        continue;
      }
      batch[filled++] = i;
      if (filled == 4) {
        four(start, providers, batch, out, len);
        filled = 0;
      }
    }
    for (int j = 0; j < filled; j++) {
      byte[] id = providers[batch[j]].multihash;
      long h = start;
      for (int k = ED25519_PREFIX.length; k < len; k++) {
        h = mix(h ^ (id[k] & 0xFF));
      }
      out[batch[j]] = mix(h ^ len);
    }
    return out;
  }

  private static void four(long start, IndexProvider[] ps, int[] batch, long[] out, int len) {
    byte[] a = ps[batch[0]].multihash;
    byte[] b = ps[batch[1]].multihash;
    byte[] c = ps[batch[2]].multihash;
    byte[] d = ps[batch[3]].multihash;
    long ha = start;
    long hb = start;
    long hc = start;
    long hd = start;
    for (int k = ED25519_PREFIX.length; k < len; k++) {
      ha = mix(ha ^ (a[k] & 0xFF));
      hb = mix(hb ^ (b[k] & 0xFF));
      hc = mix(hc ^ (c[k] & 0xFF));
      hd = mix(hd ^ (d[k] & 0xFF));
    }
    out[batch[0]] = mix(ha ^ len);
    out[batch[1]] = mix(hb ^ len);
    out[batch[2]] = mix(hc ^ len);
    out[batch[3]] = mix(hd ^ len);
  }

  /** SplitMix64's finaliser, as {@link Matcher} mixes. */
  private static long mix(long z) {
    z = (z + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
