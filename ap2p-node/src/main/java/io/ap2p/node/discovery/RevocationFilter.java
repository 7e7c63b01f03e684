package io.ap2p.node.discovery;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a finder keeps of the revocations a holder answered: only those about the peers it asked and
 * the keys whose chains of hand-overs lead to them, so one hostile holder cannot fill the node's
 * book with revocations of unrelated keys.
 */
final class RevocationFilter {

  private RevocationFilter() {}

  /** The revocations of {@code answered} about {@code asked} or their predecessors. */
  static List<Bytes> relevant(List<Bytes> answered, Set<PeerId> asked) {
    List<Revocation> decoded = new ArrayList<>(answered.size());
    for (Bytes b : answered) {
      try {
        decoded.add(RevocationCodec.decode(b).revocation());
      } catch (WireFormatException e) {
        decoded.add(null); // the book would refuse it anyway
      }
    }
    Set<PeerId> keys = new HashSet<>(asked);
    // a predecessor joins when one of its hand-overs names a key kept; bounded chains
    for (int hops = 0; hops < Revocations.MAX_CHAIN; hops++) {
      boolean grew = false;
      for (Revocation r : decoded) {
        if (r instanceof Revocation.Rotation rot
            && keys.contains(rot.successor().peerId())
            && keys.add(rot.peer())) {
          grew = true;
        }
      }
      if (!grew) {
        break;
      }
    }
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < decoded.size(); i++) {
      if (decoded.get(i) != null && keys.contains(decoded.get(i).peer())) {
        out.add(answered.get(i));
      }
    }
    return out;
  }
}
