package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.CanonicalJson;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Every reason a descriptor can be rejected for, and the one way it is accepted. */
class DescriptorValidatorTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli() + 1_000);
  final DescriptorValidator validator = new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS);
  final PrivateKey alice = Fixtures.key(1);
  final PrivateKey mallory = Fixtures.key(2);
  final SignedDescriptor good = Fixtures.signed(alice, "image-gen", 5, Fixtures.T0, 60);

  static Object reasonOf(Verdict<?> v) {
    return switch (v) {
      case Verdict.Rejected<?> r -> r.reason();
      case Verdict.Ignored<?> i -> i.reason();
      case Verdict.Accepted<?> a -> "ACCEPTED";
    };
  }

  Object judge(ObjectNode tree) {
    return reasonOf(validator.validate(Jcs.canonicalize(tree)));
  }

  @Test
  void aFreshlySignedDescriptorIsAcceptedAndRoundTrips() {
    Verdict<SignedDescriptor> v = validator.validate(good.toJsonBytes());
    assertThat(v).isInstanceOf(Verdict.Accepted.class);
    SignedDescriptor back = ((Verdict.Accepted<SignedDescriptor>) v).value();
    assertThat(back.descriptor()).isEqualTo(good.descriptor());
    assertThat(back.canonical()).isEqualTo(good.canonical());
    assertThat(back.signature()).isEqualTo(good.signature());
  }

  @Test
  void prettyPrintedAndReorderedJsonStillVerifies() {
    String pretty = Json.pretty(good.toTree());
    assertThat(reasonOf(validator.validate(Bytes.wrap(pretty.getBytes(StandardCharsets.UTF_8)))))
        .isEqualTo("ACCEPTED");
  }

  /** The verdict with its detail, for comparing two readings of one descriptor. */
  static String verdictText(Verdict<SignedDescriptor> v) {
    return switch (v) {
      case Verdict.Rejected<SignedDescriptor> r -> r.reason() + ": " + r.detail();
      case Verdict.Ignored<SignedDescriptor> i -> i.reason() + ": " + i.detail();
      case Verdict.Accepted<SignedDescriptor> a ->
          "ACCEPTED " + a.value().descriptor() + " " + a.value().canonical().toHex();
    };
  }

  @Test
  void canonicalBytesAndAnyOtherLayoutGetTheSameVerdict() {
    // canonical bytes take the one-pass reading, pretty-printed ones the parser and RFC 8785
    List<java.util.function.Consumer<ObjectNode>> edits =
        List.of(
            t -> {},
            t -> t.put("seq", 6),
            t -> t.put("seq", 6.5),
            t -> t.put("seq", -1),
            t -> t.put("id", "bad id"),
            t -> t.put("issuedAt", "2026-02-30T00:00:00Z"),
            t -> t.put("issuedAt", "2026-11-24T06:00:00.123456Z"),
            t -> t.put("extra", "x"),
            t -> t.remove("io"),
            t -> ((ObjectNode) t.get("intent")).putArray("tags").add("Not.A.Tag"),
            t -> ((ObjectNode) t.get("state")).put("load", 0.97),
            t -> ((ObjectNode) t.get("state")).put("load", 1.5),
            t -> ((ObjectNode) t.get("io")).put("input", 3),
            t -> ((ObjectNode) t.get("io")).put("input", true),
            t -> ((ObjectNode) t.get("intent")).put("description", "naïve \"quoted\"\n€ 😀"),
            t -> t.put("sig", "AAAA"),
            t -> t.remove("sig"));
    int accepted = 0;
    for (int i = 0; i < edits.size(); i++) {
      for (boolean resign : new boolean[] {false, true}) {
        ObjectNode t = good.toTree();
        edits.get(i).accept(t);
        if (resign && t.has("sig")) {
          // signed anew by alice, so that content edits reach the later checks and acceptance
          ObjectNode unsigned = t.deepCopy();
          unsigned.remove("sig");
          Bytes sig = alice.sign(SignatureDomain.DESCRIPTOR, Jcs.canonicalize(unsigned));
          t.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(sig.toByteArray()));
        }
        Bytes canonical = Jcs.canonicalize(t);
        Bytes pretty = Bytes.wrap(Json.pretty(t).getBytes(StandardCharsets.UTF_8));
        assertThat(pretty).isNotEqualTo(canonical);
        assertThat(CanonicalJson.read(canonical.toByteArray(), Json.MAX_DEPTH)).isPresent();
        assertThat(CanonicalJson.read(pretty.toByteArray(), Json.MAX_DEPTH)).isEmpty();
        String verdict = verdictText(validator.validate(canonical));
        assertThat(verdictText(validator.validate(pretty)))
            .as("edit %d, re-signed %s", i, resign)
            .isEqualTo(verdict);
        accepted += verdict.startsWith("ACCEPTED") ? 1 : 0;
      }
    }
    assertThat(accepted).as("edits that reach acceptance").isGreaterThanOrEqualTo(5);
  }

  @Test
  void aBlankIntentNameIsMalformedNotAnException() {
    for (String blank : List.of(" ", "\n", "\t \u3000")) {
      ObjectNode t = good.toTree();
      ((ObjectNode) t.get("intent")).put("name", blank);
      Verdict<SignedDescriptor> v = validator.validate(Jcs.canonicalize(t));
      assertThat(reasonOf(v)).isEqualTo(DescriptorReason.MALFORMED);
      assertThat(((Verdict.Rejected<?>) v).detail()).startsWith("$.intent.name");
    }
  }

  @Test
  void anInjectedSignatureCheckJudgesTheCanonicalBytesInTheDescriptorDomain() {
    java.util.List<Object> seen = new java.util.ArrayList<>();
    DescriptorValidator refusing =
        new DescriptorValidator(
            clock,
            DescriptorPolicy.DEFAULTS,
            (key, domain, payload, sig) -> {
              seen.add(List.of(key.peerId(), domain, payload, sig));
              throw new io.ap2p.core.identity.SignatureVerificationException("model says no");
            });
    assertThat(reasonOf(refusing.validate(good.toJsonBytes())))
        .isEqualTo(DescriptorReason.BAD_SIGNATURE);
    assertThat(seen)
        .containsExactly(
            List.of(
                alice.peerId(),
                io.ap2p.core.identity.SignatureDomain.DESCRIPTOR,
                good.canonical(),
                good.signature()));
    DescriptorValidator accepting =
        new DescriptorValidator(
            clock, DescriptorPolicy.DEFAULTS, (key, domain, payload, sig) -> {});
    ObjectNode t = good.toTree();
    ((ObjectNode) t.get("constraints")).put("deadlineMs", 1);
    // the check decides alone: an accepting one lets a tampered descriptor through
    assertThat(reasonOf(accepting.validate(Jcs.canonicalize(t)))).isEqualTo("ACCEPTED");
  }

  @Test
  void theSendersOwnIdIsTakenAsItIsAndAnyOtherSenderIsAMismatch() {
    Verdict<SignedDescriptor> hinted =
        validator.validate(good.toJsonBytes(), Optional.of(alice.peerId()));
    assertThat(hinted).isInstanceOf(Verdict.Accepted.class);
    assertThat(((Verdict.Accepted<SignedDescriptor>) hinted).value().descriptor().peer())
        .isSameAs(alice.peerId());
    assertThat(reasonOf(validator.validate(good.toJsonBytes(), Optional.of(mallory.peerId()))))
        .isEqualTo(DescriptorReason.PEER_MISMATCH);
    // a tampered descriptor is refused with or without the hint
    ObjectNode t = good.toTree();
    ((ObjectNode) t.get("constraints")).put("deadlineMs", 1);
    assertThat(reasonOf(validator.validate(Jcs.canonicalize(t), Optional.of(alice.peerId()))))
        .isEqualTo(DescriptorReason.BAD_SIGNATURE);
  }

  @Test
  void tamperedContentIsABadSignature() {
    ObjectNode t = good.toTree();
    ((ObjectNode) t.get("constraints")).put("deadlineMs", 1);
    assertThat(judge(t)).isEqualTo(DescriptorReason.BAD_SIGNATURE);
  }

  @Test
  void reSignedByAnotherKeyUnderTheVictimsIdIsABadSignature() {
    ObjectNode t = good.toTree();
    t.remove("sig");
    Bytes sig = mallory.sign(SignatureDomain.DESCRIPTOR, Jcs.canonicalize(t));
    t.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(sig.toByteArray()));
    assertThat(judge(t)).isEqualTo(DescriptorReason.BAD_SIGNATURE);
  }

  @Test
  void signatureFromAnotherDomainIsABadSignature() {
    ObjectNode t = good.toTree();
    t.remove("sig");
    Bytes sig = alice.sign(SignatureDomain.RECEIPT, Jcs.canonicalize(t));
    t.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(sig.toByteArray()));
    assertThat(judge(t)).isEqualTo(DescriptorReason.BAD_SIGNATURE);
  }

  @Test
  void senderOtherThanThePeerIsAMismatch() {
    Verdict<SignedDescriptor> v =
        validator.validate(good.toJsonBytes(), Optional.of(mallory.peerId()));
    assertThat(reasonOf(v)).isEqualTo(DescriptorReason.PEER_MISMATCH);
    assertThat(reasonOf(validator.validate(good.toJsonBytes(), Optional.of(alice.peerId()))))
        .isEqualTo("ACCEPTED");
  }

  @Test
  void expiryAndFutureIssueFollowTheClock() {
    clock.set(Fixtures.T0.toEpochMilli() + 60_000);
    assertThat(reasonOf(validator.validate(good.toJsonBytes())))
        .isEqualTo(DescriptorReason.EXPIRED);
    ManualClock early = new ManualClock(Fixtures.T0.toEpochMilli() - 31_000);
    assertThat(
            reasonOf(
                new DescriptorValidator(early, DescriptorPolicy.DEFAULTS)
                    .validate(good.toJsonBytes())))
        .isEqualTo(DescriptorReason.FROM_FUTURE);
    ManualClock slightlyEarly = new ManualClock(Fixtures.T0.toEpochMilli() - 29_000);
    assertThat(
            reasonOf(
                new DescriptorValidator(slightlyEarly, DescriptorPolicy.DEFAULTS)
                    .validate(good.toJsonBytes())))
        .isEqualTo("ACCEPTED");
  }

  @Test
  void ttlOutsideThePolicyIsRejected() {
    SignedDescriptor longLived = Fixtures.signed(alice, "x", 1, Fixtures.T0, 86_401);
    assertThat(reasonOf(validator.validate(longLived.toJsonBytes())))
        .isEqualTo(DescriptorReason.TTL_OUT_OF_BOUNDS);
  }

  @Test
  void oversizeIsRejectedBeforeParsing() {
    byte[] big = new byte[64 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThat(reasonOf(validator.validate(Bytes.wrap(big)))).isEqualTo(DescriptorReason.OVERSIZE);
  }

  @Test
  void unknownSchemaMissingSignatureAndMalformedFields() {
    ObjectNode t = good.toTree();
    t.put("schema", "ap2p/descriptor/9");
    assertThat(judge(t)).isEqualTo(DescriptorReason.UNKNOWN_SCHEMA);

    t = good.toTree();
    t.remove("sig");
    assertThat(judge(t)).isEqualTo(DescriptorReason.MISSING_SIGNATURE);

    t = good.toTree();
    t.put("sig", "AAAA");
    assertThat(judge(t)).isEqualTo(DescriptorReason.MISSING_SIGNATURE);

    t = good.toTree();
    t.remove("intent");
    Verdict<SignedDescriptor> v = validator.validate(Jcs.canonicalize(t));
    assertThat(reasonOf(v)).isEqualTo(DescriptorReason.MALFORMED);
    assertThat(((Verdict.Rejected<?>) v).detail()).startsWith("$.intent");

    t = good.toTree();
    ((ObjectNode) t.get("constraints")).put("sideEffect", "sometimes");
    v = validator.validate(Jcs.canonicalize(t));
    assertThat(((Verdict.Rejected<?>) v).detail()).startsWith("$.constraints.sideEffect");

    t = good.toTree();
    t.put("extra", 1);
    v = validator.validate(Jcs.canonicalize(t));
    assertThat(((Verdict.Rejected<?>) v).detail()).startsWith("$.extra").contains("not a known");

    t = good.toTree();
    t.put("peer", "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    assertThat(judge(t)).isEqualTo(DescriptorReason.UNSUPPORTED_KEY);
  }

  @Test
  void nonJsonAndNonObjectsAreMalformed() {
    for (String s : new String[] {"", "nul", "[]", "{\"a\":", "42", "{\"schema\":1}"}) {
      assertThat(reasonOf(validator.validate(Bytes.wrap(s.getBytes(StandardCharsets.UTF_8)))))
          .as(s)
          .isIn(DescriptorReason.MALFORMED, DescriptorReason.MISSING_SIGNATURE);
    }
  }

  @Property(tries = 200)
  void anySingleByteChangeIsNeverAccepted(
      @ForAll @IntRange(min = 0, max = 5000) int position, @ForAll byte delta) {
    byte[] wire = good.toJsonBytes().toByteArray();
    int at = position % wire.length;
    if (delta == 0) {
      return;
    }
    wire[at] = (byte) (wire[at] + delta);
    Verdict<SignedDescriptor> v = validator.validate(Bytes.wrap(wire));
    if (v.isAccepted()) {
      // only a change that keeps the same JSON value may pass (e.g. a space), never new content
      SignedDescriptor got = ((Verdict.Accepted<SignedDescriptor>) v).value();
      assertThat(got.canonical()).isEqualTo(good.canonical());
    }
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] wire = good.toJsonBytes().toByteArray();
    for (int len = 0; len < wire.length; len++) {
      Verdict<SignedDescriptor> v = validator.validate(Bytes.of(wire, 0, len));
      assertThat(v.isAccepted()).as("prefix of %d bytes", len).isFalse();
    }
  }

  @Test
  void anyAwkwardValueAnywhereSignedIsAVerdictNeverAnException() {
    // structure-aware and exhaustive: every member and array item of a real descriptor in turn
    // gets each awkward value, and the result is signed, so it gets past the signature to every
    // later check (a blank intent name once escaped validate() as an exception this way)
    com.fasterxml.jackson.databind.node.JsonNodeFactory f =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    List<com.fasterxml.jackson.databind.JsonNode> awkward =
        List.of(
            f.textNode(""),
            f.textNode(" "),
            f.textNode("\n\t"),
            f.textNode("x".repeat(5000)),
            f.textNode("image..generate"),
            f.textNode("2026-02-30T00:00:00Z"),
            f.nullNode(),
            f.numberNode(-1),
            f.numberNode(0),
            f.numberNode(1e300),
            f.numberNode(0.5),
            f.numberNode(Long.MAX_VALUE),
            f.booleanNode(true),
            f.arrayNode(),
            f.objectNode(),
            f.arrayNode().add(f.nullNode()),
            f.arrayNode().add(" "));
    int positions = 0;
    for (int at = 0; ; at++) {
      ObjectNode probe = good.toTree();
      if (!replaceNth(probe, at, f.nullNode())) {
        break;
      }
      positions++;
      for (com.fasterxml.jackson.databind.JsonNode value : awkward) {
        ObjectNode t = good.toTree();
        replaceNth(t, at, value.deepCopy());
        t.remove("sig");
        Bytes sig = alice.sign(SignatureDomain.DESCRIPTOR, Jcs.canonicalize(t));
        t.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(sig.toByteArray()));
        assertThat(validator.validate(Jcs.canonicalize(t))).isNotNull();
      }
    }
    assertThat(positions).isGreaterThan(40);
  }

  /**
   * Replaces the {@code n}th member or item (depth first) under {@code root}; false past the end.
   */
  private static boolean replaceNth(
      com.fasterxml.jackson.databind.JsonNode root,
      int n,
      com.fasterxml.jackson.databind.JsonNode v) {
    List<com.fasterxml.jackson.databind.JsonNode> containers = new java.util.ArrayList<>();
    collect(root, containers);
    int seen = 0;
    for (com.fasterxml.jackson.databind.JsonNode c : containers) {
      if (c instanceof ObjectNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
          if (name.equals("sig")) {
            continue;
          }
          if (seen++ == n) {
            o.set(name, v);
            return true;
          }
        }
      } else if (c instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
          if (seen++ == n) {
            a.set(i, v);
            return true;
          }
        }
      }
    }
    return false;
  }

  private static void collect(
      com.fasterxml.jackson.databind.JsonNode n,
      List<com.fasterxml.jackson.databind.JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      n.forEach(child -> collect(child, out));
    }
  }

  @Property(tries = 300)
  void randomBytesNeverThrow(@ForAll byte[] junk) {
    assertThat(validator.validate(Bytes.wrap(junk)).isAccepted()).isFalse();
  }
}
