package io.ap2p.core.trust.attest;

import static io.ap2p.core.trust.attest.AttestCodecTest.ATTESTOR;
import static io.ap2p.core.trust.attest.AttestCodecTest.FINISHED;
import static io.ap2p.core.trust.attest.AttestCodecTest.INPUT;
import static io.ap2p.core.trust.attest.AttestCodecTest.OUTPUT;
import static io.ap2p.core.trust.attest.AttestCodecTest.PROVIDER;
import static io.ap2p.core.trust.attest.AttestCodecTest.REQUEST;
import static io.ap2p.core.trust.attest.AttestCodecTest.receipt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The attestor's checks before re-execution, and the provider's check of the answer. */
class AttestJudgeTest {

  static final AttestJudge JUDGE = new AttestJudge(60_000, 5_000);
  static final PrivateKey OTHER = Fixtures.key(3);

  private static Optional<AttestRefusal> judge(
      AttestMessage.Request r, PrivateKey asker, long now) {
    return JUDGE.precheck(r, asker.peerId(), now).map(AttestMessage.Refused::reason);
  }

  @Test
  void aFreshReceiptOfTheAskerPasses() {
    assertThat(judge(REQUEST, PROVIDER, FINISHED + 1_000)).isEmpty();
  }

  /** Forged: signed by someone else, or asked for by someone else. */
  @Test
  void anotherPeersReceiptIsRefused() {
    assertThat(judge(REQUEST, OTHER, FINISHED)).contains(AttestRefusal.NOT_PROVIDER);
    SignedReceipt r = REQUEST.receipt();
    SignedReceipt forged =
        new SignedReceipt(
            r.body(),
            OTHER.sign(io.ap2p.core.identity.SignatureDomain.RECEIPT, r.body().encode()),
            Optional.empty());
    AttestMessage.Request req =
        new AttestMessage.Request(forged, "image.generate", "text/plain", INPUT, OUTPUT);
    assertThat(judge(req, PROVIDER, FINISHED)).contains(AttestRefusal.BAD_RECEIPT);
  }

  @Test
  void aRequestWhoseBytesAreNotTheReceiptsIsRefused() {
    SignedReceipt r = REQUEST.receipt();
    Bytes other = Bytes.fromHex("00");
    for (AttestMessage.Request req :
        new AttestMessage.Request[] {
          new AttestMessage.Request(r, "image.generate", "text/plain", other, OUTPUT),
          new AttestMessage.Request(r, "image.generate", "text/plain", INPUT, other),
          new AttestMessage.Request(r, "content.publish", "text/plain", INPUT, OUTPUT)
        }) {
      assertThat(judge(req, PROVIDER, FINISHED)).contains(AttestRefusal.BAD_RECEIPT);
    }
  }

  /** Replayed (an old receipt sent again) or from the future: outside the window. */
  @Test
  void staleAndFutureRunsAreRefused() {
    assertThat(judge(REQUEST, PROVIDER, FINISHED + 60_001)).contains(AttestRefusal.STALE);
    assertThat(judge(REQUEST, PROVIDER, FINISHED - 5_001)).contains(AttestRefusal.STALE);
    assertThat(judge(REQUEST, PROVIDER, FINISHED + 60_000)).isEmpty();
  }

  @Test
  void aCountersignatureVerifiesForAPinningRequesterOnly() {
    SignedReceipt r = REQUEST.receipt();
    AttestMessage.Countersigned c = AttestJudge.countersign(r, ATTESTOR);
    SignedReceipt attested = AttestJudge.attach(r, c, ATTESTOR.peerId());
    ReceiptVerifier.Expected e =
        new ReceiptVerifier.Expected(
            PROVIDER.peerId(),
            INPUT,
            Bytes.fromHex("0102030405060708"),
            OUTPUT,
            "1.0.0",
            FINISHED - 1_000,
            FINISHED + 1_000,
            "image.generate");
    assertThat(
            new ReceiptVerifier(Set.of(ATTESTOR.peerId()), 0)
                .verify(Optional.of(attested), e, true))
        .isInstanceOf(Verdict.Accepted.class);
    assertThat(
            new ReceiptVerifier(Set.of(OTHER.peerId()), 0).verify(Optional.of(attested), e, true))
        .isInstanceOf(Verdict.Rejected.class);
    // the provider refuses to pass on another attestor's, or a signature over another body
    assertThatThrownBy(() -> AttestJudge.attach(r, c, OTHER.peerId()))
        .hasMessageContaining("not " + OTHER.peerId());
    SignedReceipt other = receipt(PROVIDER, INPUT, OUTPUT, FINISHED + 1);
    assertThatThrownBy(() -> AttestJudge.attach(other, c, ATTESTOR.peerId()))
        .hasMessageContaining("does not verify");
  }
}
