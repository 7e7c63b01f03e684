package io.ap2p.node.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.FeedbackCodec;
import io.ap2p.core.trust.FeedbackReport;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed feedback between real loopback nodes: a requester takes a trusted peer's word about
 * newcomers (up or down), not a stranger's or a distrusted colluder's, and refuses forged, replayed
 * and expired reports.
 */
class FeedbackNetworkTest {

  static final SecureRandom RANDOM = new SecureRandom();
  final CapabilityTag tag = new CapabilityTag("text.summarize");
  final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(Node::close);
  }

  Node start() throws Exception {
    return start(true);
  }

  Node start(boolean feedback) throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(RANDOM),
                    List.of(
                        Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                    List.of(),
                    false,
                    Optional.empty(),
                    List.of(),
                    "ap2p-test",
                    Optional.empty(),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .withTrust(io.ap2p.node.TrustOptions.DEFAULTS.withFeedback(feedback)),
            SystemClock.INSTANCE,
            line -> {});
    nodes.add(n);
    return n;
  }

  static void connect(Node from, Node to) throws Exception {
    from.host().connect(to.host().listenAddrs().get(0).withPeerId(to.host().peerId()));
  }

  static void trust(Node n, Node peer, boolean good, int times) {
    n.trust()
        .withReputation(
            r -> {
              for (int i = 0; i < times; i++) {
                r.record(peer.host().peerId(), new CapabilityTag("image.generate"), good);
              }
              return null;
            });
  }

  static PeerId newcomer() {
    return PrivateKey.generate(RANDOM).peerId();
  }

  @Test
  void aTrustedReportersWordMovesANewcomerAndAColludersDoesNot() throws Exception {
    Node requester = start();
    Node trusted = start();
    Node colluder = start();
    Node stranger = start();
    PeerId praised = newcomer();
    PeerId blamed = newcomer();
    PeerId ring = newcomer();
    trust(requester, trusted, true, 8);
    trust(requester, colluder, false, 1);
    // the trusted peer's own view: one newcomer served it well, the other badly
    trusted
        .trust()
        .withReputation(
            r -> {
              for (int i = 0; i < 3; i++) {
                r.record(praised, tag, true);
                r.record(blamed, tag, false);
              }
              return null;
            });
    // the colluder and the stranger praise their ring whatever happened
    colluder.feedback().orElseThrow().answerWith(FeedbackSource.vouching(ring::equals, 1_000_000));
    stranger.feedback().orElseThrow().answerWith(FeedbackSource.vouching(ring::equals, 1_000_000));
    connect(requester, trusted);
    connect(requester, colluder);
    connect(requester, stranger);

    FeedbackService fs = requester.feedback().orElseThrow();
    int applied = fs.consult(List.of(praised, blamed, ring), List.of(tag));

    assertThat(applied).isEqualTo(2);
    assertThat(requester.trust().overallScore(praised)).isPositive();
    assertThat(requester.trust().overallScore(blamed)).isNegative();
    assertThat(requester.trust().entry(ring)).as("colluders' word counts for nothing").isEmpty();
    // hearsay stays weaker than what the reporter itself saw
    assertThat(requester.trust().overallScore(praised))
        .isLessThan(trusted.trust().overallScore(praised));
    // the colluder, were it asked directly, would gain nothing: its standing is negative
    FeedbackCodec.Query q = query(List.of(ring));
    int taken =
        fs.apply(
            colluder.host().peerId(),
            q,
            colluder.feedback().orElseThrow().answer(requester.host().peerId(), q));
    assertThat(taken).isEqualTo(1); // a valid report...
    assertThat(requester.trust().entry(ring)).isEmpty(); // ...weighted by zero
    // known peers are not asked about again
    assertThat(fs.consult(List.of(praised, blamed), List.of(tag))).isZero();
  }

  @Test
  void forgedReplayedAndExpiredReportsAreRefused() throws Exception {
    Node requester = start();
    Node hostile = start();
    trust(requester, hostile, true, 8); // trusted, yet it cannot slip bad reports through
    PeerId subject = newcomer();
    PrivateKey other = PrivateKey.generate(RANDOM);
    PrivateKey hostileKey = hostile.options().identity();
    AtomicReference<String> mode = new AtomicReference<>("forged");
    hostile.feedback().orElseThrow().close();
    FeedbackService.PROTOCOL.serve(
        hostile.host(),
        (asker, q) -> {
          long now = System.currentTimeMillis();
          FeedbackReport honest =
              new FeedbackReport(hostileKey.peerId(), subject, tag, 5_000, 0, now, q.nonce());
          Bytes body = FeedbackCodec.encodeBody(honest);
          FeedbackCodec.Signed s =
              switch (mode.get()) {
                case "forged" ->
                    new FeedbackCodec.Signed(body, other.sign(FeedbackCodec.DOMAIN, body));
                case "replayed" ->
                    FeedbackCodec.sign(
                        new FeedbackReport(
                            hostileKey.peerId(),
                            subject,
                            tag,
                            5_000,
                            0,
                            now,
                            Bytes.of(new byte[16])),
                        hostileKey);
                case "expired" ->
                    FeedbackCodec.sign(
                        new FeedbackReport(
                            hostileKey.peerId(),
                            subject,
                            tag,
                            5_000,
                            0,
                            now - 3_600_000,
                            q.nonce()),
                        hostileKey);
                default -> FeedbackCodec.sign(honest, hostileKey);
              };
          return Optional.of(new FeedbackCodec.Answer(List.of(s)));
        });
    connect(requester, hostile);
    FeedbackService fs = requester.feedback().orElseThrow();
    for (String m : List.of("forged", "replayed", "expired")) {
      mode.set(m);
      PeerId fresh = newcomer(); // a fresh subject each time: asked-about peers are not re-asked
      assertThat(fs.consult(List.of(subject, fresh), List.of(tag))).as(m).isZero();
      assertThat(requester.trust().entry(subject)).as(m).isEmpty();
      forgetAsked(fs, subject);
    }
    assertThat(fs.rejected()).isEqualTo(3);
    mode.set("valid");
    assertThat(fs.consult(List.of(subject), List.of(tag))).isEqualTo(1);
    assertThat(requester.trust().overallScore(subject)).isPositive();
  }

  @Test
  void aNodeWithoutFeedbackNeitherAnswersNorAsks() throws Exception {
    Node requester = start();
    Node quiet = start(false);
    assertThat(quiet.feedback()).isEmpty();
    assertThat(quiet.host().protocols()).doesNotContain(FeedbackCodec.PROTOCOL);
    assertThat(requester.host().protocols()).contains(FeedbackCodec.PROTOCOL);
    trust(requester, quiet, true, 8);
    connect(requester, quiet);
    PeerId subject = newcomer();
    assertThat(requester.feedback().orElseThrow().consult(List.of(subject), List.of(tag))).isZero();
    assertThat(requester.trust().entry(subject)).isEmpty();
  }

  @Test
  void garbageOnTheFeedbackProtocolResetsTheStreamAndTheNodeKeepsAnswering() throws Exception {
    Node asker = start();
    Node answering = start();
    io.ap2p.net.host.Connection c =
        asker
            .host()
            .connect(answering.host().listenAddrs().get(0).withPeerId(answering.host().peerId()));
    byte[][] hostile = {
      {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f}, // a length far past the limit
      {5, 1, 2, 3}, // truncated
      {4, (byte) 0x0a, 2, 0, 0}, // a query whose nonce is too short
    };
    for (byte[] h : hostile) {
      try (io.ap2p.net.host.Stream s = c.newStream(FeedbackCodec.PROTOCOL)) {
        s.out().write(h);
        s.closeWrite();
        assertThat(s.in().read()).isEqualTo(-1); // reset or closed, unanswered
      } catch (java.io.IOException expected) {
        // reset
      }
    }
    trust(answering, asker, true, 1); // so the answering node has something to say about it
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    FeedbackCodec.Query q =
        new FeedbackCodec.Query(
            Bytes.of(n),
            List.of(asker.host().peerId()),
            List.of(new CapabilityTag("image.generate")));
    var a = FeedbackService.PROTOCOL.call(c, q);
    assertThat(a).isPresent();
    assertThat(a.get().reports()).hasSize(1);
    assertThat(FeedbackCodec.decodeBody(a.get().reports().get(0).body()).goodMilli())
        .isEqualTo(1000);
  }

  private static void forgetAsked(FeedbackService fs, PeerId p) {
    fs.forgetAsked(p);
  }

  private static FeedbackCodec.Query query(List<PeerId> subjects) {
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    return new FeedbackCodec.Query(
        Bytes.of(n), subjects, List.of(new CapabilityTag("text.summarize")));
  }
}
