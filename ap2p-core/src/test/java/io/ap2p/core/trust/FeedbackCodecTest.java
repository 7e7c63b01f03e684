package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The feedback messages: round trips, limits, and hostile input (truncated, forged, replayed). */
class FeedbackCodecTest {

  static final long NOW = 1_800_000_000_000L;
  final PrivateKey reporter = Fixtures.key(1);
  final PrivateKey other = Fixtures.key(2);
  final PeerId subject = Fixtures.key(3).peerId();
  final PeerId unasked = Fixtures.key(4).peerId();
  final CapabilityTag tag = new CapabilityTag("image.generate");
  final Bytes nonce = nonce(7);
  final FeedbackCodec.Query query = new FeedbackCodec.Query(nonce, List.of(subject), List.of(tag));

  static Bytes nonce(int seed) {
    byte[] b = new byte[16];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return Bytes.of(b);
  }

  FeedbackReport report(PeerId about, Bytes n, long at) {
    return new FeedbackReport(reporter.peerId(), about, tag, 3_000, 500, at, n);
  }

  Verdict<FeedbackReport> judge(FeedbackCodec.Signed s) {
    return FeedbackVerifier.verify(s, reporter.peerId(), query, NOW);
  }

  @Test
  void messagesRoundTrip() throws Exception {
    FeedbackCodec.Signed s = FeedbackCodec.sign(report(subject, nonce, NOW), reporter);
    FeedbackCodec.Answer a = new FeedbackCodec.Answer(List.of(s, s));
    assertThat(FeedbackCodec.decodeAnswer(FeedbackCodec.encodeAnswer(a))).isEqualTo(a);
    assertThat(FeedbackCodec.decodeQuery(FeedbackCodec.encodeQuery(query))).isEqualTo(query);
    assertThat(FeedbackCodec.decodeBody(s.body())).isEqualTo(report(subject, nonce, NOW));
    assertThat(judge(s)).isInstanceOf(Verdict.Accepted.class);
    assertThat(((Verdict.Accepted<FeedbackReport>) judge(s)).value().goodMilli()).isEqualTo(3_000);
  }

  @Test
  void theWireFormatMatchesItsGoldenFiles() throws Exception {
    // Ed25519 signatures are deterministic: the same key and body give the same answer bytes
    FeedbackCodec.Signed s = FeedbackCodec.sign(report(subject, nonce, NOW), reporter);
    java.util.Map<String, Bytes> samples =
        java.util.Map.of(
            "query", FeedbackCodec.encodeQuery(query),
            "answer", FeedbackCodec.encodeAnswer(new FeedbackCodec.Answer(List.of(s))),
            "empty-answer", FeedbackCodec.encodeAnswer(new FeedbackCodec.Answer(List.of())));
    for (var e : samples.entrySet()) {
      String name = "/wire/feedback/1.0.0/" + e.getKey() + ".hex";
      if (Boolean.getBoolean("ap2p.vectors.write")) {
        java.nio.file.Path p = java.nio.file.Path.of("src/test/resources" + name);
        java.nio.file.Files.createDirectories(p.getParent());
        java.nio.file.Files.writeString(p, e.getValue().toHex() + "\n");
        continue;
      }
      try (java.io.InputStream in = FeedbackCodecTest.class.getResourceAsStream(name)) {
        assertThat(in).as(name + " exists (write with -Dap2p.vectors.write=true)").isNotNull();
        String golden =
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        assertThat(e.getValue().toHex()).as("golden " + name).isEqualTo(golden);
      }
    }
  }

  @Test
  void forgedReplayedExpiredAndMisdirectedReportsAreRejected() {
    FeedbackCodec.Signed good = FeedbackCodec.sign(report(subject, nonce, NOW), reporter);
    // forged: another key signed a report naming the reporter, or the body was changed
    Bytes body = FeedbackCodec.encodeBody(report(subject, nonce, NOW));
    FeedbackCodec.Signed forged =
        new FeedbackCodec.Signed(body, other.sign(FeedbackCodec.DOMAIN, body));
    assertThat(reason(judge(forged))).isEqualTo(FeedbackReason.BAD_SIGNATURE);
    FeedbackCodec.Signed tampered =
        new FeedbackCodec.Signed(
            FeedbackCodec.encodeBody(
                new FeedbackReport(reporter.peerId(), subject, tag, 999_000, 0, NOW, nonce)),
            good.signature());
    assertThat(reason(judge(tampered))).isEqualTo(FeedbackReason.BAD_SIGNATURE);
    // signed in another domain (a receipt signature replayed as feedback)
    FeedbackCodec.Signed wrongDomain =
        new FeedbackCodec.Signed(
            body, reporter.sign(io.ap2p.core.identity.SignatureDomain.RECEIPT, body));
    assertThat(reason(judge(wrongDomain))).isEqualTo(FeedbackReason.BAD_SIGNATURE);
    // relayed: a genuine report of another peer, passed on by the one answering
    assertThat(reason(FeedbackVerifier.verify(good, other.peerId(), query, NOW)))
        .isEqualTo(FeedbackReason.BAD_SIGNATURE);
    // replayed: an answer to an earlier query
    FeedbackCodec.Signed replayed = FeedbackCodec.sign(report(subject, nonce(8), NOW), reporter);
    assertThat(reason(judge(replayed))).isEqualTo(FeedbackReason.NONCE_MISMATCH);
    // expired, or from the future
    FeedbackCodec.Signed old =
        FeedbackCodec.sign(
            report(subject, nonce, NOW - FeedbackVerifier.MAX_AGE_MILLIS - 1), reporter);
    assertThat(reason(judge(old))).isEqualTo(FeedbackReason.EXPIRED);
    FeedbackCodec.Signed future =
        FeedbackCodec.sign(
            report(subject, nonce, NOW + FeedbackVerifier.SKEW_MILLIS + 1), reporter);
    assertThat(reason(judge(future))).isEqualTo(FeedbackReason.EXPIRED);
    // about a peer not asked about, or about itself
    assertThat(reason(judge(FeedbackCodec.sign(report(unasked, nonce, NOW), reporter))))
        .isEqualTo(FeedbackReason.NOT_ASKED);
    assertThat(reason(judge(FeedbackCodec.sign(report(reporter.peerId(), nonce, NOW), reporter))))
        .isEqualTo(FeedbackReason.SELF_REPORT);
    assertThatThrownBy(() -> FeedbackCodec.sign(report(subject, nonce, NOW), other))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oversizedMessagesAreRefusedBeforeDecoding() {
    assertThatThrownBy(
            () -> FeedbackCodec.decodeAnswer(Bytes.of(new byte[FeedbackCodec.MAX_ANSWER + 1])))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(
            () -> FeedbackCodec.decodeQuery(Bytes.of(new byte[FeedbackCodec.MAX_QUERY + 1])))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(
            () -> FeedbackCodec.decodeBody(Bytes.of(new byte[FeedbackCodec.MAX_BODY + 1])))
        .isInstanceOf(WireFormatException.class);
    // too many reports, subjects; evidence out of range; a short nonce
    FeedbackCodec.Signed s = FeedbackCodec.sign(report(subject, nonce, NOW), reporter);
    ProtoWriter many = new ProtoWriter();
    for (int i = 0; i <= FeedbackCodec.MAX_REPORTS; i++) {
      many.bytes(1, new ProtoWriter().bytes(1, s.body()).bytes(2, s.signature()).toBytes());
    }
    assertThatThrownBy(() -> FeedbackCodec.decodeAnswer(many.toBytes()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("more than 64 reports");
    ProtoWriter subjects = new ProtoWriter().bytes(1, nonce);
    for (int i = 0; i <= FeedbackCodec.MAX_SUBJECTS; i++) {
      subjects.bytes(2, subject.multihash());
    }
    assertThatThrownBy(() -> FeedbackCodec.decodeQuery(subjects.toBytes()))
        .isInstanceOf(WireFormatException.class);
    Bytes huge =
        new ProtoWriter()
            .bytes(1, reporter.peerId().multihash())
            .bytes(2, subject.multihash())
            .string(3, "image.generate")
            .varint(4, FeedbackCodec.MAX_EVIDENCE_MILLI + 1)
            .varint(6, NOW)
            .bytes(7, nonce)
            .toBytes();
    assertThatThrownBy(() -> FeedbackCodec.decodeBody(huge))
        .isInstanceOf(WireFormatException.class);
    Bytes shortNonce =
        new ProtoWriter().bytes(1, Bytes.of(new byte[8])).bytes(2, subject.multihash()).toBytes();
    assertThatThrownBy(() -> FeedbackCodec.decodeQuery(shortNonce))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> FeedbackCodec.decodeQuery(new ProtoWriter().bytes(1, nonce).toBytes()))
        .isInstanceOf(WireFormatException.class); // no subject
    ProtoWriter tags = new ProtoWriter().bytes(1, nonce).bytes(2, subject.multihash());
    for (int i = 0; i <= FeedbackCodec.MAX_TAGS; i++) {
      tags.string(3, "image.generate");
    }
    assertThatThrownBy(() -> FeedbackCodec.decodeQuery(tags.toBytes()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("tags");
    Bytes badTag =
        new ProtoWriter()
            .bytes(1, nonce)
            .bytes(2, subject.multihash())
            .string(3, "NOT A TAG")
            .toBytes();
    assertThatThrownBy(() -> FeedbackCodec.decodeQuery(badTag))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void everyTruncationDecodesOrFailsWithAWireFormatException() {
    FeedbackCodec.Signed s = FeedbackCodec.sign(report(subject, nonce, NOW), reporter);
    List<Bytes> messages =
        List.of(
            FeedbackCodec.encodeAnswer(new FeedbackCodec.Answer(List.of(s, s))),
            FeedbackCodec.encodeQuery(query),
            s.body());
    for (Bytes m : messages) {
      for (int n = 0; n < m.length(); n++) {
        Bytes cut = m.slice(0, n);
        decodeQuietly(cut);
      }
    }
  }

  @Property(tries = 500)
  void randomBytesNeverCrashTheDecoders(@ForAll @Size(max = 600) byte[] data) {
    decodeQuietly(Bytes.of(data));
  }

  private static void decodeQuietly(Bytes b) {
    List<Runnable> all = new ArrayList<>();
    all.add(() -> quietly(() -> FeedbackCodec.decodeAnswer(b)));
    all.add(() -> quietly(() -> FeedbackCodec.decodeQuery(b)));
    all.add(() -> quietly(() -> FeedbackCodec.decodeBody(b)));
    all.forEach(Runnable::run);
  }

  interface Decode {
    Object run() throws WireFormatException;
  }

  private static void quietly(Decode d) {
    try {
      d.run();
    } catch (WireFormatException expected) {
      // typed failure: fine
    }
  }

  private static Verdict.Reason reason(Verdict<FeedbackReport> v) {
    assertThat(v).isInstanceOf(Verdict.Rejected.class);
    return ((Verdict.Rejected<FeedbackReport>) v).reason();
  }
}
