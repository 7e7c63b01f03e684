package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrawsTest {

  @Test
  void batchedDrawsEqualTheMatchersOneByOne() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 23; // not a multiple of four: the tail is hashed alone
    IndexProvider[] ps = new IndexProvider[n];
    for (int i = 0; i < n; i++) {
      if (i % 5 == 3) {
        byte[] digest = new byte[32];
        r.nextBytes(digest);
        ps[i] =
            new IndexProvider(
                new PeerId(Bytes.concat(Bytes.wrap(new byte[] {0x12, 0x20}), Bytes.wrap(digest))));
        assertThat(ps[i].ed25519).isFalse();
      } else {
        ps[i] = new IndexProvider(Fixtures.key(700 + i).peerId());
        assertThat(ps[i].ed25519).isTrue();
      }
    }
    TagNode node = new TagNode(new io.ap2p.core.discovery.CapabilityTag("image"));
    for (IndexProvider p : ps) {
      p.join(node);
    }
    ps[4].leave(node); // the last provider moves into its slot
    for (int round = 0; round < 50; round++) {
      long salt = r.nextLong();
      long[] draws = Draws.of(salt, node);
      assertThat(draws).hasSize(n - 1);
      for (int i = 0; i < n - 1; i++) {
        assertThat(draws[i]).isEqualTo(Matcher.draw(salt, node.providers[i].multihash));
      }
    }
  }
}
