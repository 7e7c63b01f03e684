package io.ap2p.core.trust;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of {@code /ap2p/feedback/1.0.0} (protobuf wire format, every field bounded):
 *
 * <pre>
 * Query   { 1: nonce bytes (16..32)   2: subject peer id multihash, repeated (1..16)
 *           3: capability tag the asker looks for, repeated (0..8; none: any) }
 * Answer  { 1: SignedReport bytes, repeated (0..64) }
 * SignedReport { 1: body bytes (the Body below, at most 512)   2: Ed25519 signature (64) }
 * Body    { 1: reporter mh  2: subject mh  3: tag  4: good × 1000  5: bad × 1000
 *           6: issued at, ms since the epoch  7: the query's nonce }
 * </pre>
 *
 * The signature is over the body bytes as carried, in the domain {@link #DOMAIN}; a receiver
 * verifies those bytes before decoding them, so no re-encoding is needed.
 */
public final class FeedbackCodec {

  /** The protocol id. */
  public static final String PROTOCOL = "/ap2p/feedback/1.0.0";

  /** The signature domain of reports. */
  public static final SignatureDomain DOMAIN = SignatureDomain.FEEDBACK;

  /** Shortest and longest nonce. */
  public static final int MIN_NONCE = 16;

  /** Longest nonce. */
  public static final int MAX_NONCE = 32;

  /** Most peers one query asks about. */
  public static final int MAX_SUBJECTS = 16;

  /** Most reports in one answer. */
  public static final int MAX_REPORTS = 64;

  /** Most tags one query names. */
  public static final int MAX_TAGS = 8;

  /** Largest report body. */
  public static final int MAX_BODY = 512;

  /** Largest evidence weight in a report, in thousandths (1,000 outcomes). */
  public static final long MAX_EVIDENCE_MILLI = 1_000_000;

  /** Largest query. */
  public static final int MAX_QUERY = 64 + MAX_SUBJECTS * 64 + MAX_TAGS * 72;

  /** Largest answer. */
  public static final int MAX_ANSWER = MAX_REPORTS * (MAX_BODY + 80) + 16;

  private static final int MAX_PEER = 64;
  private static final int SIGNATURE = 64;

  /**
   * A question: what do you know of these peers?
   *
   * @param nonce fresh random bytes, echoed in every report
   * @param subjects the peers asked about
   * @param tags the capability tags the asker looks for (empty: any)
   */
  public record Query(Bytes nonce, List<PeerId> subjects, List<CapabilityTag> tags) {
    /** Checks the limits. */
    public Query {
      subjects = List.copyOf(subjects);
      tags = List.copyOf(tags);
      if (tags.size() > MAX_TAGS) {
        throw new IllegalArgumentException("at most " + MAX_TAGS + " tags");
      }
      if (nonce.length() < MIN_NONCE || nonce.length() > MAX_NONCE) {
        throw new IllegalArgumentException("nonce of " + nonce.length() + " bytes, not 16 to 32");
      }
      if (subjects.isEmpty() || subjects.size() > MAX_SUBJECTS) {
        throw new IllegalArgumentException("1 to " + MAX_SUBJECTS + " subjects");
      }
    }
  }

  /**
   * One report as carried: the body bytes and the reporter's signature over them.
   *
   * @param body the encoded {@link FeedbackReport}
   * @param signature Ed25519 over {@code body} in {@link #DOMAIN}
   */
  public record Signed(Bytes body, Bytes signature) {}

  /** An answer: the reports (possibly none). */
  public record Answer(List<Signed> reports) {
    /** Checks the limit. */
    public Answer {
      reports = List.copyOf(reports);
      if (reports.size() > MAX_REPORTS) {
        throw new IllegalArgumentException("more than " + MAX_REPORTS + " reports");
      }
    }
  }

  private FeedbackCodec() {}

  /** Signs {@code report} as {@code signer}, whose peer id must be the report's reporter. */
  public static Signed sign(FeedbackReport report, Signer signer) {
    if (!signer.publicKey().peerId().equals(report.reporter())) {
      throw new IllegalArgumentException("the signer is not the report's reporter");
    }
    Bytes body = encodeBody(report);
    return new Signed(body, signer.sign(DOMAIN, body));
  }

  /** The body's encoding. */
  public static Bytes encodeBody(FeedbackReport r) {
    return new ProtoWriter()
        .bytes(1, r.reporter().multihash())
        .bytes(2, r.subject().multihash())
        .string(3, r.tag().value())
        .varint(4, r.goodMilli())
        .varint(5, r.badMilli())
        .varint(6, r.issuedAtMillis())
        .bytes(7, r.nonce())
        .toBytes();
  }

  /** Decodes a body (after its signature was checked), enforcing every limit. */
  public static FeedbackReport decodeBody(Bytes data) throws WireFormatException {
    if (data.length() > MAX_BODY) {
      throw new WireFormatException("report body of " + data.length() + " bytes > " + MAX_BODY);
    }
    ProtoReader r = new ProtoReader(data);
    PeerId reporter = null;
    PeerId subject = null;
    String tag = null;
    long good = 0;
    long bad = 0;
    long issued = -1;
    Bytes nonce = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> reporter = peer(r.bytes(MAX_PEER));
        case 2 -> subject = peer(r.bytes(MAX_PEER));
        case 3 -> tag = r.string(CapabilityTag.MAX_LENGTH * 4);
        case 4 -> good = r.varint();
        case 5 -> bad = r.varint();
        case 6 -> issued = r.varint();
        case 7 -> nonce = r.bytes(MAX_NONCE);
        default -> r.skip();
      }
    }
    if (reporter == null || subject == null || tag == null || nonce == null || issued < 0) {
      throw new WireFormatException("report body without reporter, subject, tag, time or nonce");
    }
    try {
      return new FeedbackReport(
          reporter, subject, new CapabilityTag(tag), good, bad, issued, nonce);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad report: " + e.getMessage());
    }
  }

  /** The query's encoding. */
  public static Bytes encodeQuery(Query q) {
    ProtoWriter w = new ProtoWriter().bytes(1, q.nonce());
    q.subjects().forEach(s -> w.bytes(2, s.multihash()));
    q.tags().forEach(t -> w.string(3, t.value()));
    return w.toBytes();
  }

  /** Decodes a query, enforcing every limit. */
  public static Query decodeQuery(Bytes data) throws WireFormatException {
    if (data.length() > MAX_QUERY) {
      throw new WireFormatException("query of " + data.length() + " bytes > " + MAX_QUERY);
    }
    ProtoReader r = new ProtoReader(data);
    Bytes nonce = null;
    List<PeerId> subjects = new ArrayList<>();
    List<CapabilityTag> tags = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> nonce = r.bytes(MAX_NONCE);
        case 3 -> {
          if (tags.size() == MAX_TAGS) {
            throw new WireFormatException("more than " + MAX_TAGS + " tags");
          }
          try {
            tags.add(new CapabilityTag(r.string(CapabilityTag.MAX_LENGTH * 4)));
          } catch (IllegalArgumentException e) {
            throw new WireFormatException("bad tag: " + e.getMessage());
          }
        }
        case 2 -> {
          if (subjects.size() == MAX_SUBJECTS) {
            throw new WireFormatException("more than " + MAX_SUBJECTS + " subjects");
          }
          subjects.add(peer(r.bytes(MAX_PEER)));
        }
        default -> r.skip();
      }
    }
    if (nonce == null) {
      throw new WireFormatException("query without a nonce");
    }
    try {
      return new Query(nonce, subjects, tags);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad query: " + e.getMessage());
    }
  }

  /** The answer's encoding. */
  public static Bytes encodeAnswer(Answer a) {
    ProtoWriter w = new ProtoWriter();
    for (Signed s : a.reports()) {
      w.bytes(1, new ProtoWriter().bytes(1, s.body()).bytes(2, s.signature()).toBytes());
    }
    return w.toBytes();
  }

  /** Decodes an answer, enforcing every limit (signatures are checked by the receiver). */
  public static Answer decodeAnswer(Bytes data) throws WireFormatException {
    if (data.length() > MAX_ANSWER) {
      throw new WireFormatException("answer of " + data.length() + " bytes > " + MAX_ANSWER);
    }
    ProtoReader r = new ProtoReader(data);
    List<Signed> out = new ArrayList<>();
    while (r.next()) {
      if (r.field() != 1) {
        r.skip();
        continue;
      }
      if (out.size() == MAX_REPORTS) {
        throw new WireFormatException("more than " + MAX_REPORTS + " reports");
      }
      ProtoReader s = r.message(MAX_BODY + 80);
      Bytes body = null;
      Bytes sig = null;
      while (s.next()) {
        switch (s.field()) {
          case 1 -> body = s.bytes(MAX_BODY);
          case 2 -> sig = s.bytes(SIGNATURE);
          default -> s.skip();
        }
      }
      if (body == null || sig == null || sig.length() != SIGNATURE) {
        throw new WireFormatException("report without a body or a 64-byte signature");
      }
      out.add(new Signed(body, sig));
    }
    return new Answer(out);
  }

  private static PeerId peer(Bytes multihash) throws WireFormatException {
    try {
      return new PeerId(multihash);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad peer id: " + e.getMessage());
    }
  }
}
