package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.trust.attest.AttestCodec;
import io.ap2p.core.trust.attest.AttestMessage;
import io.ap2p.core.trust.attest.AttestRefusal;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.handler.ContentPublishHandler;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import io.ap2p.node.trust.attest.AttestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 3 attestation between real nodes on loopback: an attestor, providers, requesters. */
class AttestationNetworkTest {

  @TempDir Path dir;

  private static Node start(
      LoopbackNetwork net,
      String name,
      Optional<Multiaddr> registry,
      List<CapabilitySpec> serve,
      Set<PeerId> pinned,
      boolean attestor,
      Optional<Multiaddr> attestorPeer)
      throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(LoopbackNetwork.RANDOM),
                    List.of(LoopbackNetwork.loopback()),
                    List.of(),
                    false,
                    registry,
                    List.of(),
                    "ap2p-test",
                    Optional.of(net.dir.resolve(name)),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .serving(serve)
                .withTrust(TrustOptions.DEFAULTS.withEvidence(pinned, attestor, attestorPeer)),
            SystemClock.INSTANCE,
            line -> {});
    net.nodes.add(n);
    return n;
  }

  private static Multiaddr addr(Node n) {
    return n.host().listenAddrs().get(0).withPeerId(n.host().peerId());
  }

  private static WorkflowSpec publish(String text) {
    return WorkflowSpec.single(
        new Step(
            "publish", new CapabilityTag("content.publish"), RiskClass.HIGH, 10_000, List.of()),
        Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)),
        "text/plain");
  }

  @Test
  void anAttestedReceiptIsAcceptedByARequesterPinningItsAttestorOnly() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      Node attestor =
          start(net, "attestor", Optional.empty(), List.of(), Set.of(), true, Optional.empty());
      Node provider =
          start(
              net,
              "provider",
              Optional.of(net.registryAddr),
              List.of(CapabilitySpec.forBuiltin("content.publish")),
              Set.of(),
              false,
              Optional.of(addr(attestor)));
      LoopbackNetwork.awaitDiscoverable(provider);
      // the descriptor lists the attestor the provider was given
      var announced = provider.tasks().capabilities().get("content-publish").template();
      assertThat(announced.verification().attestation()).isTrue();
      assertThat(announced.verification().attestors()).containsExactly(attestor.host().peerId());

      Node pinning =
          start(
              net,
              "pinning",
              Optional.of(net.registryAddr),
              List.of(),
              Set.of(attestor.host().peerId()),
              false,
              Optional.empty());
      TaskRun.Snapshot ok =
          pinning.workflows().start(publish("hello"), "invoke").done().get(30, TimeUnit.SECONDS);
      assertThat(ok.state()).as(ok.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
      SignedReceipt receipt = ok.steps().get(0).receipt().orElseThrow();
      assertThat(receipt.attestation()).isPresent();
      assertThat(receipt.attestation().get().attestor()).isEqualTo(attestor.host().peerId());
      assertThat(receipt.body().trace().entries()).isNotEmpty();
      // the provider's stored copy gained the countersignature; its chain hash did not change
      var given =
          provider
              .database()
              .get()
              .receipts()
              .recent(io.ap2p.node.store.ReceiptDirection.GIVEN, 10);
      assertThat(given)
          .anySatisfy(
              g -> {
                SignedReceipt stored = io.ap2p.core.trust.ReceiptCodec.decode(g.encoded());
                assertThat(stored).isEqualTo(receipt);
                assertThat(g.hash()).isEqualTo(receipt.hash());
              });
      assertThat(attestor.attestor().orElseThrow().counters().get("countersigned"))
          .isEqualTo(ok.steps().get(0).attempts() + ok.steps().get(0).canaries());

      PeerId stranger = PrivateKey.generate(LoopbackNetwork.RANDOM).peerId();
      Node other =
          start(
              net,
              "other",
              Optional.of(net.registryAddr),
              List.of(),
              Set.of(stranger),
              false,
              Optional.empty());
      TaskRun.Snapshot refused =
          other
              .workflows()
              .start(publish("hello again"), "invoke")
              .done()
              .get(30, TimeUnit.SECONDS);
      assertThat(refused.state()).as(refused.toString()).isEqualTo(TaskRun.State.FAILED);
      // skipped at selection (its descriptor lists no attestor this requester pins), or, had it
      // been invoked, its receipt refused
      assertThat(String.join(" ", refused.steps().get(0).failures()) + refused.detail())
          .containsAnyOf("attested by an attestor this requester pins", "BAD_ATTESTATION");
    }
  }

  /**
   * A provider whose attestor does not serve the role still answers, with its receipt as signed; a
   * requester that needs the attestation refuses it.
   */
  @Test
  void aReceiptTheAttestorDidNotCountersignIsRefusedByARequesterThatNeedsIt() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      Node notAnAttestor =
          start(net, "plain", Optional.empty(), List.of(), Set.of(), false, Optional.empty());
      List<String> log = Collections.synchronizedList(new ArrayList<>());
      Node provider =
          Node.start(
              new NodeOptions(
                      PrivateKey.generate(LoopbackNetwork.RANDOM),
                      List.of(LoopbackNetwork.loopback()),
                      List.of(),
                      false,
                      Optional.of(net.registryAddr),
                      List.of(),
                      "ap2p-test",
                      Optional.of(net.dir.resolve("provider")),
                      NodeOptions.Discovery.REGISTRY,
                      io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                  .serving(List.of(CapabilitySpec.forBuiltin("content.publish")))
                  .withTrust(
                      TrustOptions.DEFAULTS.withEvidence(
                          Set.of(), false, Optional.of(addr(notAnAttestor)))),
              SystemClock.INSTANCE,
              log::add);
      net.nodes.add(provider);
      LoopbackNetwork.awaitDiscoverable(provider);
      Node requester =
          start(
              net,
              "requester",
              Optional.of(net.registryAddr),
              List.of(),
              Set.of(notAnAttestor.host().peerId()),
              false,
              Optional.empty());
      TaskRun.Snapshot done =
          requester.workflows().start(publish("hello"), "invoke").done().get(30, TimeUnit.SECONDS);
      assertThat(done.state()).as(done.toString()).isEqualTo(TaskRun.State.FAILED);
      assertThat(String.join(" ", done.steps().get(0).failures()) + done.detail())
          .contains("NO_ATTESTATION");
      assertThat(log).anyMatch(l -> l.contains("not attested"));
    }
  }

  @Test
  void aProviderWithoutAnAttestorListsNone() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      String caps =
          """
          {"capabilities": [{"builtin": "content.publish", "descriptor": {"verification":
            {"canaries": true, "receipts": true, "attestation": true, "attestors": []}}}]}
          """;
      Node provider =
          start(
              net,
              "claims",
              Optional.of(net.registryAddr),
              io.ap2p.node.execution.capability.CapabilitiesFile.parse(
                  Bytes.wrap(caps.getBytes(StandardCharsets.UTF_8)), dir),
              Set.of(),
              false,
              Optional.empty());
      var announced = provider.tasks().capabilities().get("content-publish").template();
      assertThat(announced.verification().attestation()).isFalse();
      assertThat(announced.verification().attestors()).isEmpty();
    }
  }

  @Test
  void theAttestorCountersignsRightOutputsAndRefusesWrongOnes() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      Node attestor =
          start(net, "attestor", Optional.empty(), List.of(), Set.of(), true, Optional.empty());
      Node provider =
          start(net, "provider", Optional.empty(), List.of(), Set.of(), false, Optional.empty());
      PrivateKey key = provider.options().identity();
      List<String> log = Collections.synchronizedList(new ArrayList<>());
      AttestClient client = new AttestClient(provider.host(), addr(attestor), log::add);
      Bytes prompt = Bytes.wrap("a red fox".getBytes(StandardCharsets.UTF_8));
      Bytes png = ImageGenerateHandler.render("a red fox", 256, 256);
      var rendered =
          new ImageGenerateHandler()
              .run(
                  new io.ap2p.node.execution.handler.Invocation(
                      "t",
                      "r",
                      prompt,
                      "text/plain",
                      Long.MAX_VALUE,
                      1 << 22,
                      SystemClock.INSTANCE),
                  (f, m) -> {},
                  new io.ap2p.node.execution.handler.Cancellation());
      assertThat(rendered.bytes()).isEqualTo(png);

      SignedReceipt right =
          sign(key, ImageGenerateHandler.VERSION, "image-gen", prompt, png, rendered.trace());
      SignedReceipt attested = attest(client, right, "image-gen", "text/plain", prompt, png);
      assertThat(attested.attestation()).isPresent();

      // a wrong output, with a receipt the provider signed for it
      Bytes wrong = ImageGenerateHandler.render("a blue fox", 256, 256);
      SignedReceipt lie =
          sign(key, ImageGenerateHandler.VERSION, "image-gen", prompt, wrong, rendered.trace());
      assertThat(attest(client, lie, "image-gen", "text/plain", prompt, wrong).attestation())
          .isEmpty();
      // the right output with a forged trace
      SignedReceipt badTrace =
          sign(
              key,
              ImageGenerateHandler.VERSION,
              "image-gen",
              prompt,
              png,
              Trace.of(Trace.tool("painter", "ImagePainter/9")));
      assertThat(attest(client, badTrace, "image-gen", "text/plain", prompt, png).attestation())
          .isEmpty();
      // content.publish: checked without publishing; a wrong byte count is a wrong answer
      Bytes content = Bytes.wrap("hello".getBytes(StandardCharsets.UTF_8));
      var answer = ContentPublishHandler.answer(content, "text/plain", true);
      SignedReceipt published =
          sign(key, ContentPublishHandler.VERSION, "pub", content, answer.bytes(), answer.trace());
      assertThat(
              attest(client, published, "pub", "text/plain", content, answer.bytes()).attestation())
          .isPresent();
      Bytes lying =
          Bytes.wrap(
              answer
                  .bytes()
                  .toUtf8()
                  .replace("\"bytes\":5", "\"bytes\":6")
                  .getBytes(StandardCharsets.UTF_8));
      SignedReceipt lied =
          sign(key, ContentPublishHandler.VERSION, "pub", content, lying, answer.trace());
      assertThat(attest(client, lied, "pub", "text/plain", content, lying).attestation()).isEmpty();
      assertThat(attested.attestation()).isPresent();
      // a tool it cannot re-run
      SignedReceipt exec = sign(key, "exec/1 sha256:00", "run", content, content, Trace.EMPTY);
      assertThat(attest(client, exec, "run", "text/plain", content, content).attestation())
          .isEmpty();

      assertThat(attestor.attestor().orElseThrow().counters())
          .containsEntry("countersigned", 2L)
          .containsEntry("refused.MISMATCH", 3L)
          .containsEntry("refused.UNSUPPORTED", 1L);
      assertThat(log)
          .anyMatch(l -> l.contains("MISMATCH"))
          .anyMatch(l -> l.contains("UNSUPPORTED"));
    }
  }

  /** Forged, replayed and malformed requests get typed refusals; the attestor keeps serving. */
  @Test
  void hostileRequestsAreRefusedWithAReason() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      Node attestor =
          start(net, "attestor", Optional.empty(), List.of(), Set.of(), true, Optional.empty());
      Node asker =
          start(net, "asker", Optional.empty(), List.of(), Set.of(), false, Optional.empty());
      PrivateKey someoneElse = PrivateKey.generate(LoopbackNetwork.RANDOM);
      Bytes prompt = Bytes.wrap("a red fox".getBytes(StandardCharsets.UTF_8));
      Bytes png = ImageGenerateHandler.render("a red fox", 256, 256);
      // another peer's receipt
      SignedReceipt theirs =
          sign(someoneElse, ImageGenerateHandler.VERSION, "image-gen", prompt, png, Trace.EMPTY);
      assertThat(refusal(asker, attestor, request(theirs, prompt, png)))
          .isEqualTo(AttestRefusal.NOT_PROVIDER);
      // an old receipt replayed
      SignedReceipt old =
          sign(
              asker.options().identity(),
              ImageGenerateHandler.VERSION,
              "image-gen",
              prompt,
              png,
              Trace.EMPTY,
              System.currentTimeMillis() - 3_600_000);
      assertThat(refusal(asker, attestor, request(old, prompt, png)))
          .isEqualTo(AttestRefusal.STALE);
      // garbage, and a length prefix over the limit
      assertThat(refusal(asker, attestor, Bytes.fromHex("05ffffffffff")))
          .isEqualTo(AttestRefusal.PROTOCOL);
      assertThat(refusal(asker, attestor, Bytes.fromHex("ffffffff0f")))
          .isEqualTo(AttestRefusal.PROTOCOL);
      assertThat(attestor.attestor().orElseThrow().counters())
          .containsEntry("refused.PROTOCOL", 2L);
    }
  }

  private static Bytes request(SignedReceipt r, Bytes input, Bytes output) {
    Bytes m =
        AttestCodec.encode(new AttestMessage.Request(r, "image-gen", "text/plain", input, output));
    java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
    try {
      LengthPrefixed.write(framed, m.toByteArray());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return Bytes.wrap(framed.toByteArray());
  }

  /** Sends {@code raw} bytes on a new attest stream and reads the refusal. */
  private static AttestRefusal refusal(Node from, Node attestor, Bytes raw) throws Exception {
    Stream s = from.host().connect(addr(attestor)).newStream(AttestCodec.PROTOCOL);
    s.setReadTimeout(Duration.ofSeconds(10));
    s.out().write(raw.toByteArray());
    s.out().flush();
    s.closeWrite();
    byte[] frame = LengthPrefixed.read(s.in(), AttestCodec.MAX_FRAME);
    s.close();
    return ((AttestMessage.Refused) AttestCodec.decode(Bytes.wrap(frame))).reason();
  }

  private static SignedReceipt attest(
      AttestClient client,
      SignedReceipt r,
      String capability,
      String mediaType,
      Bytes input,
      Bytes output) {
    return client.attest(r, capability, mediaType, input, output, Duration.ofSeconds(10));
  }

  private static SignedReceipt sign(
      PrivateKey key, String tool, String capability, Bytes in, Bytes out, Trace trace) {
    return sign(key, tool, capability, in, out, trace, System.currentTimeMillis());
  }

  private static SignedReceipt sign(
      PrivateKey key,
      String tool,
      String capability,
      Bytes in,
      Bytes out,
      Trace trace,
      long finished) {
    return SignedReceipt.sign(
        new SignedReceipt.Body(
            key.peerId(),
            "t-" + finished + "-" + tool.length(),
            Digests.sha256(in),
            Digests.sha256(out),
            tool,
            "1.0.0",
            finished - 50,
            finished,
            Bytes.fromHex("0102030405060708"),
            SignedReceipt.GENESIS,
            capability,
            trace),
        key);
  }
}
