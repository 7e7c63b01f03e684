package io.ap2p.sim.run;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results of pure functions shared by the runs of one world (one point and seed, every policy):
 * Ed25519 signatures (deterministic, RFC 8032) and descriptor verifications (a function of the
 * bytes; the time window is still re-judged by each run on its own clock). Runs of different
 * policies sign and verify the same descriptors, so each distinct signature is computed and
 * verified once instead of once per policy. No outcome changes; only the work is shared.
 */
public final class Memo {

  private record SigKey(PeerId signer, SignatureDomain domain, Bytes payload) {}

  private final Map<SigKey, Bytes> signatures = new ConcurrentHashMap<>();
  private final Map<Bytes, SignedDescriptor> descriptors = new ConcurrentHashMap<>();

  /** The verified descriptors, keyed by their exact bytes. */
  Map<Bytes, SignedDescriptor> verified() {
    return descriptors;
  }

  /** A signer for {@code key} that computes each distinct signature once across the runs. */
  Signer signer(PrivateKey key) {
    PeerId id = key.peerId();
    return new Signer() {
      @Override
      public PublicKey publicKey() {
        return key.publicKey();
      }

      @Override
      public PeerId peerId() {
        return id;
      }

      @Override
      public Bytes sign(SignatureDomain domain, Bytes payload) {
        return signatures.computeIfAbsent(
            new SigKey(id, domain, payload), k -> key.sign(domain, payload));
      }
    };
  }

  /** Distinct signatures computed so far. */
  public int signatureCount() {
    return signatures.size();
  }

  /** Distinct descriptors verified so far. */
  public int descriptorCount() {
    return descriptors.size();
  }
}
