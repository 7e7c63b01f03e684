package io.ap2p.core.discovery.registry;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoders of the registry's revocation messages (see {@link RegistryCodec}), with their limits.
 */
final class RevocationWire {

  private RevocationWire() {}

  static RegistryMessage revoke(ProtoReader r) throws WireFormatException {
    Bytes rev = null;
    while (r.next()) {
      if (r.field() == 1) {
        rev = r.bytes(RevocationCodec.MAX_BYTES);
      } else {
        r.skip();
      }
    }
    if (rev == null) {
      throw new WireFormatException("Revoke without a revocation");
    }
    return new RegistryMessage.Revoke(rev);
  }

  static RegistryMessage revocationsOf(ProtoReader r) throws WireFormatException {
    List<PeerId> peers = new ArrayList<>();
    while (r.next()) {
      if (r.field() == 1) {
        if (peers.size() == RegistryCodec.MAX_REVOCATION_PEERS) {
          throw new WireFormatException("RevocationsOf with too many peers");
        }
        try {
          peers.add(new PeerId(r.bytes(64)));
        } catch (IllegalArgumentException e) {
          throw new WireFormatException("bad peer id in RevocationsOf: " + e.getMessage());
        }
      } else {
        r.skip();
      }
    }
    return new RegistryMessage.RevocationsOf(peers);
  }

  static RegistryMessage revoked(ProtoReader r) throws WireFormatException {
    List<Bytes> out = new ArrayList<>();
    while (r.next()) {
      if (r.field() == 1) {
        if (out.size() == RegistryCodec.MAX_REVOCATIONS) {
          throw new WireFormatException("Revoked with too many revocations");
        }
        out.add(r.bytes(RevocationCodec.MAX_BYTES));
      } else {
        r.skip();
      }
    }
    return new RegistryMessage.Revoked(out);
  }
}
