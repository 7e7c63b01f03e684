package io.ap2p.core.trust;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import java.util.Optional;

/**
 * Tier 3 evidence: the provider's signed statement "I ran {@code tool} {@code version} on input
 * with this digest between these times for this request nonce and produced output with that
 * digest", chained to its previous receipt, optionally countersigned by an attestor.
 *
 * @param body what is signed
 * @param signature the provider's Ed25519 signature over the body (domain {@code ap2p/receipt/v1})
 * @param attestation a third party's signature over the same body, if any
 */
public record SignedReceipt(Body body, Bytes signature, Optional<Attestation> attestation) {

  /**
   * The signed fields.
   *
   * @param provider who ran the tool
   * @param taskId the task's id
   * @param inputDigest SHA-256 of the input
   * @param outputDigest SHA-256 of the output
   * @param tool tool name
   * @param version tool or model version
   * @param startedAtMillis when the run started
   * @param finishedAtMillis when it finished
   * @param nonce the requester's nonce
   * @param previous SHA-256 of the provider's previous receipt (32 zero bytes for the first)
   * @param capability the capability id the task was invoked as ("" when not bound)
   * @param trace the provider's trace of the run (tools, models, intermediate digests); {@link
   *     Trace#EMPTY} when it gave none
   */
  public record Body(
      PeerId provider,
      String taskId,
      Bytes inputDigest,
      Bytes outputDigest,
      String tool,
      String version,
      long startedAtMillis,
      long finishedAtMillis,
      Bytes nonce,
      Bytes previous,
      String capability,
      Trace trace) {

    /** Checks that the trace is there (empty when the provider gave none). */
    public Body {
      java.util.Objects.requireNonNull(trace, "trace");
    }

    /** A body without a trace. */
    public Body(
        PeerId provider,
        String taskId,
        Bytes inputDigest,
        Bytes outputDigest,
        String tool,
        String version,
        long startedAtMillis,
        long finishedAtMillis,
        Bytes nonce,
        Bytes previous,
        String capability) {
      this(
          provider,
          taskId,
          inputDigest,
          outputDigest,
          tool,
          version,
          startedAtMillis,
          finishedAtMillis,
          nonce,
          previous,
          capability,
          Trace.EMPTY);
    }

    /** A body that binds no capability id. */
    public Body(
        PeerId provider,
        String taskId,
        Bytes inputDigest,
        Bytes outputDigest,
        String tool,
        String version,
        long startedAtMillis,
        long finishedAtMillis,
        Bytes nonce,
        Bytes previous) {
      this(
          provider,
          taskId,
          inputDigest,
          outputDigest,
          tool,
          version,
          startedAtMillis,
          finishedAtMillis,
          nonce,
          previous,
          "");
    }

    /**
     * The deterministic encoding that is signed: fields 1 to 10 always, in order, field 11 (the
     * capability id) when it is not empty, and one field 12 per trace entry, in order, when there
     * are any. A body without capability or trace encodes as it did before those fields existed.
     */
    public Bytes encode() {
      ProtoWriter w =
          new ProtoWriter()
              .bytes(1, provider.multihash())
              .string(2, taskId)
              .bytes(3, inputDigest)
              .bytes(4, outputDigest)
              .string(5, tool)
              .string(6, version)
              .varint(7, startedAtMillis)
              .varint(8, finishedAtMillis)
              .bytes(9, nonce)
              .bytes(10, previous);
      if (!capability.isEmpty()) {
        w.string(11, capability);
      }
      for (Trace.Entry e : trace.entries()) {
        ProtoWriter entry = new ProtoWriter().string(1, e.name());
        if (!e.version().isEmpty()) {
          entry.string(2, e.version());
        }
        if (e.digest().length() > 0) {
          entry.bytes(3, e.digest());
        }
        w.bytes(12, entry.toBytes());
      }
      return w.toBytes();
    }
  }

  /** An attestor's countersignature (domain {@code ap2p/attestation/v1}). */
  public record Attestation(PeerId attestor, Bytes signature) {}

  /** The first receipt of a chain points at 32 zero bytes. */
  public static final Bytes GENESIS = Bytes.wrap(new byte[32]);

  /** Signs {@code body} as its provider. */
  public static SignedReceipt sign(Body body, Signer provider) {
    if (!provider.peerId().equals(body.provider())) {
      throw new IllegalArgumentException("a receipt is signed by its provider");
    }
    return new SignedReceipt(
        body, provider.sign(SignatureDomain.RECEIPT, body.encode()), Optional.empty());
  }

  /** This receipt countersigned by {@code attestor}. */
  public SignedReceipt attestedBy(Signer attestor) {
    return new SignedReceipt(
        body,
        signature,
        Optional.of(
            new Attestation(
                attestor.peerId(), attestor.sign(SignatureDomain.ATTESTATION, body.encode()))));
  }

  /** SHA-256 of the signed body: what the next receipt's {@code previous} points at. */
  public Bytes hash() {
    return Digests.sha256(body.encode());
  }
}
