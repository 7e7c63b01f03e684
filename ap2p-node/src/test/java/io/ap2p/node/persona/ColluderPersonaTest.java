package io.ap2p.node.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.node.Node;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The colluder on real nodes: it lies in its answers and would vouch only for its ring. */
class ColluderPersonaTest {

  @TempDir Path dir;

  @Test
  void answersWronglyAndItsTestimonyVouchesOnlyForItsRing() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      PeerId fellow = PrivateKey.generate(PersonaNetwork.RANDOM).peerId();
      Node honest = net.honest("honest", "image.generate");
      Node colluder =
          net.start(
              PersonaNetwork.playing(
                  net.options("colluder", false, List.of("image.generate")),
                  Persona.COLLUDER,
                  new PersonaOptions(PersonaOptions.DEFAULTS.whitewashAfter(), Set.of(fellow))));
      PersonaNetwork.awaitDiscoverable(colluder);

      PersonaNetwork.Seen seen =
          net.invoke(
              colluder,
              "image-gen",
              "{\"prompt\":\"a red fox\"}",
              "application/json",
              Duration.ofSeconds(10));

      assertThat(seen.completed().result().output())
          .isEqualTo(ImageGenerateHandler.render("not a red fox", 256, 256));
      Testimony t = colluder.persona().orElseThrow().testimony().orElseThrow();
      assertThat(t.vouchesFor(fellow)).isTrue();
      assertThat(t.vouchesFor(colluder.host().peerId())).isTrue();
      assertThat(t.vouchesFor(honest.host().peerId())).isFalse();
      assertThat(honest.persona()).isEmpty();
      var tag = new io.ap2p.core.discovery.CapabilityTag("image.generate");
      var nonce = io.ap2p.core.wire.Bytes.wrap(new byte[16]);
      var vouch = t.report(fellow, tag, 1_000, nonce);
      var smear = t.report(honest.host().peerId(), tag, 1_000, nonce);
      assertThat(vouch.reporter()).isEqualTo(colluder.host().peerId());
      assertThat(vouch.goodMilli()).isEqualTo(Testimony.CLAIMED_MILLI);
      assertThat(vouch.badMilli()).isZero();
      assertThat(smear.goodMilli()).isZero();
      assertThat(smear.badMilli()).isEqualTo(Testimony.CLAIMED_MILLI);
    }
  }

  @Test
  void onlyTheColluderTestifies() throws Exception {
    PeerId self = PrivateKey.generate(PersonaNetwork.RANDOM).peerId();
    for (Persona p : Persona.values()) {
      PersonaRuntime r =
          new PersonaRuntime(
              p, self, PersonaOptions.DEFAULTS, io.ap2p.core.time.SystemClock.INSTANCE);
      assertThat(r.testimony().isPresent()).as(p.label()).isEqualTo(p == Persona.COLLUDER);
    }
  }
}
