package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic peer ids for DHT tests. */
final class KadTestPeers {

  private KadTestPeers() {}

  static List<PeerId> make(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<PeerId> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] s = new byte[32];
      r.nextBytes(s);
      out.add(PrivateKey.fromSeed(Bytes.wrap(s)).peerId());
    }
    return out;
  }
}
