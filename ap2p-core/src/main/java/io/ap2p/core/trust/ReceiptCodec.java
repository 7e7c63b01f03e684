package io.ap2p.core.trust;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.Optional;

/**
 * Binary encoding of a {@link SignedReceipt}, as carried in a task RESULT and kept in a node's
 * database:
 *
 * <pre>
 * SignedReceipt { bytes body = 1;       // SignedReceipt.Body.encode(): what the provider signed
 *                 bytes signature = 2;  // 64 bytes, Ed25519
 *                 Attestation attestation = 3; }   // optional
 * Attestation   { bytes attestor = 1;   // the attestor's peer id multihash
 *                 bytes signature = 2; }
 * Body          { bytes provider = 1; string task_id = 2; bytes input_digest = 3;
 *                 bytes output_digest = 4; string tool = 5; string version = 6;
 *                 uint64 started_at_ms = 7; uint64 finished_at_ms = 8; bytes nonce = 9;
 *                 bytes previous = 10; string capability = 11;   // 11 only when not empty
 *                 repeated TraceEntry trace = 12; }              // 12 only when any
 * TraceEntry    { string name = 1;      // 1..32 UTF-8 bytes
 *                 string version = 2;   // at most 64 bytes; absent when empty
 *                 bytes digest = 3; }   // at most 64 bytes; absent when empty
 * </pre>
 *
 * A trace holds at most {@value Trace#MAX_ENTRIES} entries; an entry has a version, a digest or
 * both.
 *
 * <p>Decoding checks shapes and sizes only; whether a receipt holds is {@link ReceiptVerifier}'s
 * judgment.
 */
public final class ReceiptCodec {

  /** Largest encoded receipt. */
  public static final int MAX_RECEIPT = 4096;

  private static final int MAX_TEXT = 128;
  private static final int MAX_FIELD = 128;
  private static final int MAX_TRACE_ENTRY =
      Trace.MAX_NAME + Trace.MAX_VERSION + Trace.MAX_DIGEST + 6;

  private ReceiptCodec() {}

  /** Encodes {@code r}. */
  public static Bytes encode(SignedReceipt r) {
    ProtoWriter w = new ProtoWriter().bytes(1, r.body().encode()).bytes(2, r.signature());
    r.attestation()
        .ifPresent(
            a ->
                w.bytes(
                    3,
                    new ProtoWriter()
                        .bytes(1, a.attestor().multihash())
                        .bytes(2, a.signature())
                        .toBytes()));
    return w.toBytes();
  }

  /**
   * Checks that {@code r} keeps within the limits {@link #decode} enforces, so that its encoding
   * decodes to it: texts of valid Unicode in at most 128 UTF-8 bytes, byte fields and signatures of
   * at most 128 bytes, times not negative, and a {@link Trace} (which checks its own limits).
   * (Those bound the whole encoding below {@link #MAX_RECEIPT}.)
   *
   * @throws IllegalArgumentException naming the first field that does not
   */
  public static void check(SignedReceipt r) {
    SignedReceipt.Body b = r.body();
    text("task id", b.taskId());
    text("tool", b.tool());
    text("version", b.version());
    text("capability", b.capability());
    field("input digest", b.inputDigest());
    field("output digest", b.outputDigest());
    field("nonce", b.nonce());
    field("previous", b.previous());
    field("signature", r.signature());
    r.attestation().ifPresent(a -> field("attestation signature", a.signature()));
    if (b.startedAtMillis() < 0 || b.finishedAtMillis() < 0) {
      throw new IllegalArgumentException("receipt times must not be negative");
    }
  }

  private static void text(String what, String s) {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!new String(utf8, java.nio.charset.StandardCharsets.UTF_8).equals(s)) {
      throw new IllegalArgumentException("receipt " + what + " is not valid Unicode text");
    }
    if (utf8.length > MAX_TEXT) {
      throw new IllegalArgumentException("receipt " + what + " is longer than 128 bytes");
    }
  }

  private static void field(String what, Bytes b) {
    if (b.length() > MAX_FIELD) {
      throw new IllegalArgumentException("receipt " + what + " is longer than 128 bytes");
    }
  }

  /** Decodes a receipt, enforcing every limit. */
  public static SignedReceipt decode(Bytes data) throws WireFormatException {
    if (data.length() > MAX_RECEIPT) {
      throw new WireFormatException("receipt of " + data.length() + " bytes > " + MAX_RECEIPT);
    }
    ProtoReader r = new ProtoReader(data);
    SignedReceipt.Body body = null;
    Bytes sig = null;
    Optional<SignedReceipt.Attestation> att = Optional.empty();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> body = decodeBody(r.message(MAX_RECEIPT));
        case 2 -> sig = r.bytes(MAX_FIELD);
        case 3 -> att = Optional.of(decodeAttestation(r.message(MAX_RECEIPT)));
        default -> r.skip();
      }
    }
    if (body == null || sig == null) {
      throw new WireFormatException("receipt without a body or a signature");
    }
    return new SignedReceipt(body, sig, att);
  }

  private static SignedReceipt.Attestation decodeAttestation(ProtoReader r)
      throws WireFormatException {
    PeerId attestor = null;
    Bytes sig = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> attestor = peer(r.bytes(MAX_FIELD));
        case 2 -> sig = r.bytes(MAX_FIELD);
        default -> r.skip();
      }
    }
    if (attestor == null || sig == null) {
      throw new WireFormatException("attestation without an attestor or a signature");
    }
    return new SignedReceipt.Attestation(attestor, sig);
  }

  private static SignedReceipt.Body decodeBody(ProtoReader r) throws WireFormatException {
    PeerId provider = null;
    String taskId = "";
    Bytes in = Bytes.EMPTY;
    Bytes out = Bytes.EMPTY;
    String tool = "";
    String version = "";
    long started = 0;
    long finished = 0;
    Bytes nonce = Bytes.EMPTY;
    Bytes previous = Bytes.EMPTY;
    String capability = "";
    java.util.List<Trace.Entry> trace = new java.util.ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> provider = peer(r.bytes(MAX_FIELD));
        case 2 -> taskId = r.string(MAX_TEXT);
        case 3 -> in = r.bytes(MAX_FIELD);
        case 4 -> out = r.bytes(MAX_FIELD);
        case 5 -> tool = r.string(MAX_TEXT);
        case 6 -> version = r.string(MAX_TEXT);
        case 7 -> started = r.varint();
        case 8 -> finished = r.varint();
        case 9 -> nonce = r.bytes(MAX_FIELD);
        case 10 -> previous = r.bytes(MAX_FIELD);
        case 11 -> capability = r.string(MAX_TEXT);
        case 12 -> {
          if (trace.size() == Trace.MAX_ENTRIES) {
            throw new WireFormatException("trace of more than " + Trace.MAX_ENTRIES + " entries");
          }
          trace.add(decodeTraceEntry(r.message(MAX_TRACE_ENTRY)));
        }
        default -> r.skip();
      }
    }
    if (provider == null) {
      throw new WireFormatException("receipt body without a provider");
    }
    return new SignedReceipt.Body(
        provider,
        taskId,
        in,
        out,
        tool,
        version,
        started,
        finished,
        nonce,
        previous,
        capability,
        new Trace(trace));
  }

  private static Trace.Entry decodeTraceEntry(ProtoReader r) throws WireFormatException {
    String name = "";
    String version = "";
    Bytes digest = Bytes.EMPTY;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> name = r.string(Trace.MAX_NAME);
        case 2 -> version = r.string(Trace.MAX_VERSION);
        case 3 -> digest = r.bytes(Trace.MAX_DIGEST);
        default -> r.skip();
      }
    }
    try {
      return new Trace.Entry(name, version, digest);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad trace entry: " + e.getMessage());
    }
  }

  private static PeerId peer(Bytes multihash) throws WireFormatException {
    try {
      return new PeerId(multihash);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad peer id in receipt: " + e.getMessage());
    }
  }
}
