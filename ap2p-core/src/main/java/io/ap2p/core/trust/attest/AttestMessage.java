package io.ap2p.core.trust.attest;

import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The messages of {@code /ap2p/attest/1.0.0}: one request, then one answer. */
public sealed interface AttestMessage {

  /**
   * A provider's request to countersign {@code receipt}, with what the attestor needs to check it.
   *
   * @param receipt the provider's signed receipt (without an attestation)
   * @param capability the capability id the task was invoked as
   * @param mediaType the input's media type, as the requester gave it
   * @param input the task's input
   * @param output the output the provider returned
   */
  record Request(
      SignedReceipt receipt, String capability, String mediaType, Bytes input, Bytes output)
      implements AttestMessage {

    /** Checks the limits of {@link AttestCodec}. */
    public Request {
      Objects.requireNonNull(receipt, "receipt");
      ReceiptCodec.check(receipt);
      if (receipt.attestation().isPresent()) {
        throw new IllegalArgumentException("the receipt is attested already");
      }
      AttestCodec.text("capability", capability, AttestCodec.MAX_TEXT);
      AttestCodec.text("media type", mediaType, AttestCodec.MAX_TEXT);
      if (input.length() > AttestCodec.MAX_INPUT) {
        throw new IllegalArgumentException(
            "input of " + input.length() + " bytes > " + AttestCodec.MAX_INPUT);
      }
      if (output.length() > AttestCodec.MAX_OUTPUT) {
        throw new IllegalArgumentException(
            "output of " + output.length() + " bytes > " + AttestCodec.MAX_OUTPUT);
      }
    }
  }

  /** The attestor's countersignature over the receipt's body. */
  record Countersigned(SignedReceipt.Attestation attestation) implements AttestMessage {

    /** Checks the signature's size. */
    public Countersigned {
      Objects.requireNonNull(attestation, "attestation");
      if (attestation.signature().length() > AttestCodec.MAX_SIGNATURE) {
        throw new IllegalArgumentException("attestation signature longer than 128 bytes");
      }
    }
  }

  /**
   * The attestor's refusal.
   *
   * @param reason why
   * @param detail what differed, for logs (at most {@value AttestCodec#MAX_DETAIL} UTF-8 bytes)
   */
  record Refused(AttestRefusal reason, String detail) implements AttestMessage {

    /** Clips the detail to its limit. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      detail = clip(detail);
    }

    private static String clip(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (utf8.length <= AttestCodec.MAX_DETAIL) {
        return s;
      }
      int end = Math.min(s.length(), AttestCodec.MAX_DETAIL);
      String cut = s.substring(0, end);
      while (cut.getBytes(StandardCharsets.UTF_8).length > AttestCodec.MAX_DETAIL
          || (!cut.isEmpty() && Character.isHighSurrogate(cut.charAt(cut.length() - 1)))) {
        cut = cut.substring(0, cut.length() - 1);
      }
      return cut;
    }
  }
}
