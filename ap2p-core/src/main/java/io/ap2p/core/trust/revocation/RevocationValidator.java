package io.ap2p.core.trust.revocation;

import io.ap2p.core.identity.SignatureCheck;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;

/**
 * Judges a signed revocation from anyone: well-formed and canonical ({@link RevocationCodec}),
 * signed by the key it revokes (and, for a hand-over, countersigned by the successor), issued no
 * further ahead than the clock skew allows, and not older than the retention of its kind (then
 * nothing it could revoke is still alive, see {@link RevocationLimits}).
 */
public final class RevocationValidator {

  private final Clock clock;
  private final SignatureCheck signatures;
  private final RevocationLimits limits;

  /** A validator on {@code clock} with Ed25519 and {@code limits}. */
  public RevocationValidator(Clock clock, RevocationLimits limits) {
    this(clock, SignatureCheck.ED25519, limits);
  }

  /** A validator on {@code clock} checking signatures with {@code signatures}. */
  public RevocationValidator(Clock clock, SignatureCheck signatures, RevocationLimits limits) {
    this.clock = clock;
    this.signatures = signatures;
    this.limits = limits;
  }

  /** Decodes and judges {@code encoded}. */
  public Verdict<SignedRevocation> validate(Bytes encoded) {
    SignedRevocation s;
    try {
      s = RevocationCodec.decode(encoded);
    } catch (WireFormatException e) {
      return Verdict.reject(RevocationReason.MALFORMED, e.getMessage());
    }
    return validate(s);
  }

  /** Judges an already decoded {@code s} (its signatures and time window). */
  public Verdict<SignedRevocation> validate(SignedRevocation s) {
    Revocation r = s.revocation();
    try {
      signatures.verify(r.key(), SignedRevocation.DOMAIN, s.body(), s.signature());
      if (r instanceof Revocation.Rotation rot) {
        signatures.verify(
            rot.successor(), SignedRevocation.SUCCESSOR_DOMAIN, s.body(), s.countersignature());
      }
    } catch (SignatureVerificationException e) {
      return Verdict.reject(RevocationReason.BAD_SIGNATURE, e.getMessage());
    }
    return validateTime(s);
  }

  /**
   * Judges only the time window of {@code s}, whose signatures {@link #validate} accepted before
   * (it may have aged past its retention since).
   */
  public Verdict<SignedRevocation> validateTime(SignedRevocation s) {
    Revocation r = s.revocation();
    long now = clock.millis();
    if (r.issuedAtMillis() > now + limits.maxClockSkewMillis()) {
      return Verdict.reject(
          RevocationReason.FROM_FUTURE, "issued at " + r.issuedAtMillis() + " ms, ahead of now");
    }
    if (limits.retainUntil(r) <= now) {
      return Verdict.reject(
          RevocationReason.EXPIRED, "issued at " + r.issuedAtMillis() + " ms, past retention");
    }
    return Verdict.accept(s);
  }
}
