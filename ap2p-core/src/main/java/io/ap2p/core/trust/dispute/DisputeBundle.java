package io.ap2p.core.trust.dispute;

import io.ap2p.core.wire.Bytes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The evidence of one task, as a party exports it (docs/disputes.md).
 *
 * @param task the task (a requester's run id, or a provider's task id)
 * @param exporter who exported it, as the exporter says (not signed: informative)
 * @param steps one entry per receipt, at least one and at most {@link #MAX_STEPS}
 */
public record DisputeBundle(String task, String exporter, List<Step> steps) {

  /** The bundle format's name and version. */
  public static final String FORMAT = "ap2p-dispute/1";

  /** Most steps in one bundle. */
  public static final int MAX_STEPS = 64;

  /** Longest text field, in characters. */
  public static final int MAX_TEXT = 256;

  /**
   * One delegated step: the provider's receipt and, from the requester's records, what it was
   * chosen under and what it sent.
   *
   * @param step the exporter's name for it ({@code run/step} for a requester)
   * @param sentTaskId the task id sent in the INVOKE, when the exporter is the requester
   * @param descriptor the signed descriptor (its JSON bytes) the provider was chosen under
   * @param requestDigest SHA-256 of the input the requester sent
   * @param nonce the INVOKE's nonce
   * @param receipt the signed receipt in {@code ReceiptCodec}'s encoding (with any attestation)
   */
  public record Step(
      String step,
      Optional<String> sentTaskId,
      Optional<Bytes> descriptor,
      Optional<Bytes> requestDigest,
      Optional<Bytes> nonce,
      Bytes receipt) {

    /** Checks presence and text lengths. */
    public Step {
      text("step", step);
      sentTaskId.ifPresent(t -> text("sentTaskId", t));
      Objects.requireNonNull(descriptor, "descriptor");
      Objects.requireNonNull(requestDigest, "requestDigest");
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(receipt, "receipt");
    }
  }

  /** Checks the task, exporter and step count. */
  public DisputeBundle {
    text("task", task);
    text("exporter", exporter);
    steps = List.copyOf(steps);
    if (steps.isEmpty() || steps.size() > MAX_STEPS) {
      throw new IllegalArgumentException("a bundle has 1 to " + MAX_STEPS + " steps");
    }
  }

  static String text(String field, String v) {
    Objects.requireNonNull(v, field);
    if (v.isEmpty() || v.length() > MAX_TEXT) {
      throw new IllegalArgumentException(field + " must have 1 to " + MAX_TEXT + " characters");
    }
    return v;
  }
}
