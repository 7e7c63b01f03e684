package io.ap2p.core.identity;

import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A context string that separates the signatures of one kind of object from every other, so a
 * signature made for one purpose can never be replayed as another.
 *
 * <p>ap2p's own domains frame the signed message as {@code uvarint(len(context)) ‖ context ‖
 * payload}, like libp2p signed envelopes. Domains defined by libp2p specifications use their spec's
 * raw prefix instead (for example the Noise handshake payload, which signs {@code
 * "noise-libp2p-static-key:" ‖ key}).
 *
 * @param context the domain's name
 * @param lengthPrefixed whether the context is varint-length-prefixed (ap2p) or a raw prefix
 *     (libp2p specs)
 */
public record SignatureDomain(String context, boolean lengthPrefixed) {

  /** Capability descriptors. */
  public static final SignatureDomain DESCRIPTOR = ap2p("ap2p/descriptor/v1");

  /** Execution receipts (Tier 3 evidence). */
  public static final SignatureDomain RECEIPT = ap2p("ap2p/receipt/v1");

  /** A third party's attestation that a receipt's tool run happened (Tier 3). */
  public static final SignatureDomain ATTESTATION = ap2p("ap2p/attestation/v1");

  /** Signed outcome reports a peer gives others about third peers (Tier 1 feedback). */
  public static final SignatureDomain FEEDBACK = ap2p("ap2p/feedback/v1");

  /** The libp2p Noise handshake payload's signature over the static key (noise spec). */
  public static final SignatureDomain NOISE_STATIC_KEY =
      new SignatureDomain("noise-libp2p-static-key:", false);

  /** Validates the context: non-empty printable ASCII, at most 128 characters. */
  public SignatureDomain {
    if (context.isEmpty() || context.length() > 128) {
      throw new IllegalArgumentException("signature context must have 1..128 characters");
    }
    for (int i = 0; i < context.length(); i++) {
      char c = context.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new IllegalArgumentException("signature context must be printable ASCII");
      }
    }
  }

  /** An ap2p (length-prefixed) domain named {@code context}. */
  public static SignatureDomain ap2p(String context) {
    return new SignatureDomain(context, true);
  }

  /** The exact message that is signed for {@code payload} in this domain. */
  public byte[] frame(Bytes payload) {
    byte[] ctx = context.getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(ctx.length + payload.length() + 2);
    if (lengthPrefixed) {
      Varint.write(ctx.length, out);
    }
    out.writeBytes(ctx);
    out.writeBytes(payload.toByteArray());
    return out.toByteArray();
  }
}
