package io.ap2p.core.trust.revocation;

import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;

/**
 * A revocation with the bytes its key signed: {@code signature} is the key's signature over {@code
 * body} in {@link #DOMAIN}; a {@link Revocation.Rotation} also carries the successor's {@code
 * countersignature} over the same body in {@link #SUCCESSOR_DOMAIN}, so nobody can be named a
 * successor without consent. Made by {@link #sign} or {@link #rotate}, or decoded (and then to be
 * checked) by {@link RevocationCodec#decode}.
 *
 * @param revocation what it says
 * @param body the canonical encoding of {@code revocation} that was signed
 * @param signature the revoked key's signature
 * @param countersignature the successor's signature (rotations), else empty
 */
public record SignedRevocation(
    Revocation revocation, Bytes body, Bytes signature, Bytes countersignature) {

  /** The domain of the revoked key's signature. */
  public static final SignatureDomain DOMAIN = SignatureDomain.ap2p("ap2p/revocation/v1");

  /** The domain of a successor's countersignature on a hand-over. */
  public static final SignatureDomain SUCCESSOR_DOMAIN =
      SignatureDomain.ap2p("ap2p/revocation/successor/v1");

  /** Checks that only a rotation carries a countersignature. */
  public SignedRevocation {
    boolean rotation = revocation instanceof Revocation.Rotation;
    if (rotation == (countersignature.length() == 0)) {
      throw new IllegalArgumentException("a rotation, and only a rotation, is countersigned");
    }
  }

  /**
   * Signs a descriptor revocation or a compromise declaration with its own key.
   *
   * @throws IllegalArgumentException if {@code key} is not the revocation's key, or for a rotation
   */
  public static SignedRevocation sign(Revocation revocation, Signer key) {
    if (revocation instanceof Revocation.Rotation) {
      throw new IllegalArgumentException("a rotation is made with rotate(old, successor, time)");
    }
    if (!revocation.key().equals(key.publicKey())) {
      throw new IllegalArgumentException("the revocation is of another key than the signer's");
    }
    Bytes body = RevocationCodec.encodeBody(revocation);
    return new SignedRevocation(revocation, body, key.sign(DOMAIN, body), Bytes.EMPTY);
  }

  /** The hand-over of {@code old}'s identity to {@code successor}, signed by both. */
  public static SignedRevocation rotate(Signer old, Signer successor, long issuedAtMillis) {
    Revocation r = new Revocation.Rotation(old.publicKey(), successor.publicKey(), issuedAtMillis);
    Bytes body = RevocationCodec.encodeBody(r);
    return new SignedRevocation(
        r, body, old.sign(DOMAIN, body), successor.sign(SUCCESSOR_DOMAIN, body));
  }

  /** The wire encoding ({@link RevocationCodec}). */
  public Bytes encoded() {
    return RevocationCodec.encode(this);
  }

  @Override
  public String toString() {
    return switch (revocation) {
      case Revocation.OfDescriptor d ->
          "revocation of " + d.descriptor() + " up to seq " + d.upToSeq();
      case Revocation.Rotation r -> "hand-over of " + r.peer() + " to " + r.successor().peerId();
      case Revocation.Compromise c -> "compromise of " + c.peer();
    };
  }
}
