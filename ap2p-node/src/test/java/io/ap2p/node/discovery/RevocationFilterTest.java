package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A finder keeps only revocations about the peers it asked and their predecessors. */
class RevocationFilterTest {

  final SecureRandom random = new SecureRandom();

  @Test
  void unrelatedRevocationsAreDroppedAndChainsKept() {
    PrivateKey a = PrivateKey.generate(random);
    PrivateKey b = PrivateKey.generate(random);
    PrivateKey c = PrivateKey.generate(random);
    PrivateKey junk = PrivateKey.generate(random);
    long t = 1_800_000_000_000L;
    Bytes ab = SignedRevocation.rotate(a, b, t).encoded();
    Bytes bc = SignedRevocation.rotate(b, c, t).encoded();
    Bytes aDown = SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), t), a).encoded();
    Bytes other =
        SignedRevocation.sign(new Revocation.Compromise(junk.publicKey(), t), junk).encoded();
    Bytes garbage = Bytes.wrap(new byte[] {1, 2, 3});
    assertThat(
            RevocationFilter.relevant(List.of(other, ab, garbage, aDown, bc), Set.of(c.peerId())))
        .containsExactly(ab, aDown, bc);
    assertThat(RevocationFilter.relevant(List.of(other, ab), Set.of(a.peerId())))
        .containsExactly(ab);
  }
}
