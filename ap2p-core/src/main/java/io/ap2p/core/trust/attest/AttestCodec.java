package io.ap2p.core.trust.attest;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.nio.charset.StandardCharsets;

/**
 * Binary encoding of {@code /ap2p/attest/1.0.0}. Each side sends one frame (an unsigned varint
 * length, then the message) and half-closes; the provider sends a request, the attestor answers:
 *
 * <pre>
 * AttestFrame   { AttestRequest request = 1;         // exactly one of the three
 *                 Attestation countersigned = 2;
 *                 Refusal refused = 3; }
 * AttestRequest { bytes receipt = 1;      // ReceiptCodec, without an attestation, at most 4 KiB
 *                 string capability = 2;  // at most 128 UTF-8 bytes
 *                 string media_type = 3;  // at most 128 UTF-8 bytes
 *                 bytes input = 4;        // at most 1 MiB
 *                 bytes output = 5; }     // at most 4 MiB
 * Attestation   { bytes attestor = 1;     // the attestor's peer id multihash
 *                 bytes signature = 2; }  // Ed25519, domain ap2p/attestation/v1, over the body
 * Refusal       { uint32 reason = 1;      // AttestRefusal code
 *                 string detail = 2; }    // at most 256 UTF-8 bytes
 * </pre>
 *
 * Decoding checks shapes and limits and fails with a {@link WireFormatException}; whether a request
 * deserves a countersignature is the attestor's judgment ({@link AttestJudge}).
 */
public final class AttestCodec {

  /** The libp2p protocol id. */
  public static final String PROTOCOL = "/ap2p/attest/1.0.0";

  /** Largest input the protocol carries. */
  public static final int MAX_INPUT = 1 << 20;

  /** Largest output the protocol carries. */
  public static final int MAX_OUTPUT = 4 << 20;

  /** Longest capability id and media type, in UTF-8 bytes. */
  public static final int MAX_TEXT = 128;

  /** Longest refusal detail, in UTF-8 bytes. */
  public static final int MAX_DETAIL = 256;

  /** Longest signature and peer id multihash. */
  public static final int MAX_SIGNATURE = 128;

  /** Largest frame: a request with the largest input, output and receipt. */
  public static final int MAX_FRAME = MAX_INPUT + MAX_OUTPUT + ReceiptCodec.MAX_RECEIPT + 1024;

  private AttestCodec() {}

  /** Encodes {@code m} (without the length prefix). */
  public static Bytes encode(AttestMessage m) {
    return switch (m) {
      case AttestMessage.Request r ->
          new ProtoWriter()
              .bytes(
                  1,
                  new ProtoWriter()
                      .bytes(1, ReceiptCodec.encode(r.receipt()))
                      .string(2, r.capability())
                      .string(3, r.mediaType())
                      .bytes(4, r.input())
                      .bytes(5, r.output())
                      .toBytes())
              .toBytes();
      case AttestMessage.Countersigned c ->
          new ProtoWriter()
              .bytes(
                  2,
                  new ProtoWriter()
                      .bytes(1, c.attestation().attestor().multihash())
                      .bytes(2, c.attestation().signature())
                      .toBytes())
              .toBytes();
      case AttestMessage.Refused f ->
          new ProtoWriter()
              .bytes(
                  3, new ProtoWriter().varint(1, f.reason().code()).string(2, f.detail()).toBytes())
              .toBytes();
    };
  }

  /** Decodes one frame's message, enforcing every limit. */
  public static AttestMessage decode(Bytes data) throws WireFormatException {
    if (data.length() > MAX_FRAME) {
      throw new WireFormatException("attest frame of " + data.length() + " bytes > " + MAX_FRAME);
    }
    ProtoReader r = new ProtoReader(data);
    AttestMessage m = null;
    while (r.next()) {
      AttestMessage next =
          switch (r.field()) {
            case 1 -> request(r.message(MAX_FRAME));
            case 2 -> countersigned(r.message(MAX_FRAME));
            case 3 -> refused(r.message(MAX_FRAME));
            default -> {
              r.skip();
              yield null;
            }
          };
      if (next != null) {
        if (m != null) {
          throw new WireFormatException("attest frame with more than one message");
        }
        m = next;
      }
    }
    if (m == null) {
      throw new WireFormatException("attest frame without a message");
    }
    return m;
  }

  private static AttestMessage.Request request(ProtoReader r) throws WireFormatException {
    SignedReceipt receipt = null;
    String capability = "";
    String mediaType = "";
    Bytes input = Bytes.EMPTY;
    Bytes output = Bytes.EMPTY;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> receipt = ReceiptCodec.decode(r.bytes(ReceiptCodec.MAX_RECEIPT));
        case 2 -> capability = r.string(MAX_TEXT);
        case 3 -> mediaType = r.string(MAX_TEXT);
        case 4 -> input = r.bytes(MAX_INPUT);
        case 5 -> output = r.bytes(MAX_OUTPUT);
        default -> r.skip();
      }
    }
    if (receipt == null) {
      throw new WireFormatException("attest request without a receipt");
    }
    try {
      return new AttestMessage.Request(receipt, capability, mediaType, input, output);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad attest request: " + e.getMessage());
    }
  }

  private static AttestMessage.Countersigned countersigned(ProtoReader r)
      throws WireFormatException {
    PeerId attestor = null;
    Bytes sig = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> attestor = peer(r.bytes(MAX_SIGNATURE));
        case 2 -> sig = r.bytes(MAX_SIGNATURE);
        default -> r.skip();
      }
    }
    if (attestor == null || sig == null) {
      throw new WireFormatException("countersignature without an attestor or a signature");
    }
    return new AttestMessage.Countersigned(new SignedReceipt.Attestation(attestor, sig));
  }

  private static AttestMessage.Refused refused(ProtoReader r) throws WireFormatException {
    long code = -1;
    String detail = "";
    while (r.next()) {
      switch (r.field()) {
        case 1 -> code = r.varint();
        case 2 -> detail = r.string(MAX_DETAIL);
        default -> r.skip();
      }
    }
    if (code < 0) {
      throw new WireFormatException("refusal without a reason");
    }
    return new AttestMessage.Refused(AttestRefusal.of(code), detail);
  }

  private static PeerId peer(Bytes multihash) throws WireFormatException {
    try {
      return new PeerId(multihash);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad attestor peer id: " + e.getMessage());
    }
  }

  static void text(String what, String s, int max) {
    java.util.Objects.requireNonNull(s, what);
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (!new String(utf8, StandardCharsets.UTF_8).equals(s)) {
      throw new IllegalArgumentException(what + " is not valid Unicode text");
    }
    if (utf8.length > max) {
      throw new IllegalArgumentException(what + " of " + utf8.length + " bytes > " + max);
    }
  }
}
