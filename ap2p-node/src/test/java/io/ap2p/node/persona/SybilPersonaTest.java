package io.ap2p.node.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.Node;
import io.ap2p.node.discovery.Finder;
import io.ap2p.node.execution.TaskClient;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sybil persona on real nodes, as a requester sees it: attractive claims that out-rank honest
 * providers, and wrong answers of the right form with receipts that verify.
 */
class SybilPersonaTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String PROMPT = "{\"prompt\":\"a red fox\"}";

  @TempDir Path dir;

  @Test
  void answersAnImageOfAnotherPromptWithAReceiptSignedByItsOwnKey() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      Node honest = net.honest("honest", "image.generate");
      Node sybil = net.persona("sybil", Persona.SYBIL, "image.generate");

      PersonaNetwork.Seen right =
          net.invoke(honest, "image-gen", PROMPT, "application/json", TIMEOUT);
      PersonaNetwork.Seen wrong =
          net.invoke(sybil, "image-gen", PROMPT, "application/json", TIMEOUT);

      Bytes fox = ImageGenerateHandler.render("a red fox", 256, 256);
      assertThat(right.completed().result().output()).isEqualTo(fox);
      assertThat(wrong.completed().mediaType()).isEqualTo("image/png");
      assertThat(wrong.completed().result().output())
          .isNotEqualTo(fox)
          .isEqualTo(ImageGenerateHandler.render("not a red fox", 256, 256));
      // only a correctness check catches it: the receipt holds on every other count
      assertThat(verify(sybil.host().peerId(), wrong, "image-gen", "builtin/image.generate/1"))
          .isTrue();
      assertThat(verify(honest.host().peerId(), right, "image-gen", "builtin/image.generate/1"))
          .isTrue();
      assertThat(sybil.persona().orElseThrow().counters()).containsEntry("forged", 1L);
    }
  }

  @Test
  void answersAPublishWithAWrongDigestAndAValidReceipt() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      Node sybil = net.persona("sybil", Persona.SYBIL, "content.publish");

      PersonaNetwork.Seen seen =
          net.invoke(sybil, "content-publish", "hello world", "text/plain", TIMEOUT);

      var answer = Json.parse(seen.completed().result().output().toByteArray());
      assertThat(seen.completed().mediaType()).isEqualTo("application/json");
      String truth = Digests.sha256(seen.input()).toHex();
      assertThat(answer.get("sha256").textValue()).isNotEqualTo(truth);
      assertThat(answer.get("sha256").textValue())
          .isEqualTo(
              Digests.sha256(Bytes.wrap("not hello world".getBytes(StandardCharsets.UTF_8)))
                  .toHex());
      assertThat(
              verify(sybil.host().peerId(), seen, "content-publish", "builtin/content.publish/1"))
          .isTrue();
    }
  }

  @Test
  void itsClaimsOutRankHonestProvidersInFind() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      net.honest("honest-1", "image.generate");
      net.honest("honest-2", "image.generate");
      Node sybil = net.persona("sybil", Persona.SYBIL, "image.generate");
      net.honest("honest-3", "image.generate");

      List<Match> found =
          new Finder(net.requester.host(), SystemClock.INSTANCE)
              .find(
                  net.registryAddr,
                  Query.forTag(new CapabilityTag("image.generate"), 10),
                  TrustView.NONE)
              .matches();

      assertThat(found).hasSize(4);
      CapabilityDescriptor top = found.get(0).descriptor().descriptor();
      assertThat(top.peer()).isEqualTo(sybil.host().peerId());
      assertThat(top.qos().orElseThrow().latencyP50Ms()).isEqualTo(Claims.P50_MS);
      assertThat(top.qos().orElseThrow().successRate()).isEqualTo(Claims.SUCCESS);
      assertThat(top.verification().attestation()).isTrue();
      assertThat(found.get(0).score().total()).isGreaterThan(found.get(1).score().total());
      // the honest ones announce what the built-in template says
      assertThat(found.get(1).descriptor().descriptor().qos().orElseThrow().latencyP50Ms())
          .isGreaterThan(Claims.P50_MS * 5);
    }
  }

  static boolean verify(PeerId provider, PersonaNetwork.Seen seen, String cap, String version) {
    TaskClient.Outcome.Completed c = seen.completed();
    return new ReceiptVerifier(Set.of(), 5_000)
        .verify(
            c.result().receipt(),
            new ReceiptVerifier.Expected(
                provider,
                seen.input(),
                seen.nonce(),
                c.result().output(),
                version,
                seen.sentAt(),
                seen.receivedAt(),
                cap),
            false)
        .isAccepted();
  }
}
