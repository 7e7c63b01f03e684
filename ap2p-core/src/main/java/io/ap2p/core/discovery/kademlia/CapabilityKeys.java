package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * DHT keys of capability tags: the sha2-256 multihash of {@code "ap2p/capability/" + tag}. A
 * provider announces the key of each of its tags and of their parents ({@code image.generate} and
 * {@code image}), so a search by a general tag finds specific providers.
 */
public final class CapabilityKeys {

  /** The prefix that keeps capability keys apart from any other use of the DHT. */
  public static final String PREFIX = "ap2p/capability/";

  private CapabilityKeys() {}

  /** The provider-record key of {@code tag} (a multihash: 0x12 0x20 ‖ sha256). */
  public static Bytes of(CapabilityTag tag) {
    return multihash(PREFIX + tag.value());
  }

  /**
   * The DHT key of {@code name}: the sha2-256 multihash (0x12 0x20 ‖ sha256) of its UTF-8 bytes.
   */
  public static Bytes multihash(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      byte[] mh = new byte[34];
      mh[0] = 0x12;
      mh[1] = 0x20;
      System.arraycopy(digest, 0, mh, 2, 32);
      return Bytes.wrap(mh);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The keys to announce for {@code tag}: its own, then each parent's, most specific first. */
  public static List<Bytes> withParents(CapabilityTag tag) {
    List<Bytes> keys = new ArrayList<>();
    for (CapabilityTag t = tag; t != null; t = t.parent()) {
      keys.add(of(t));
    }
    return keys;
  }
}
