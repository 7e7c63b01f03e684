package io.ap2p.node.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.SystemClock;
import io.ap2p.node.Node;
import io.ap2p.node.discovery.Finder;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whitewasher on real nodes: after N wrong answers it is back under a new peer id. */
class WhitewasherPersonaTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String PROMPT = "{\"prompt\":\"a red fox\"}";

  @TempDir Path dir;

  @Test
  void rejoinsUnderAFreshPeerIdAfterItsTasksAndLiesAgain() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      List<String> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Node> started = new java.util.concurrent.CopyOnWriteArrayList<>();
      Whitewashing w =
          Whitewashing.start(
              PersonaNetwork.playing(
                  net.options("whitewasher", false, List.of("image.generate")),
                  Persona.WHITEWASHER,
                  new PersonaOptions(2, java.util.Set.of())),
              SystemClock.INSTANCE,
              logs::add,
              started::add);
      net.closing.add(w::close);
      Node first = w.current();
      PeerId old = first.host().peerId();
      PersonaNetwork.awaitDiscoverable(first);

      List<PersonaNetwork.Seen> seen = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        seen.add(net.invoke(first, "image-gen", PROMPT, "application/json", TIMEOUT));
      }
      PersonaNetwork.await(() -> w.identities().size() == 2, Duration.ofSeconds(10));
      Node second = w.current();
      PersonaNetwork.awaitDiscoverable(second);

      PeerId fresh = second.host().peerId();
      assertThat(fresh).isNotEqualTo(old);
      assertThat(w.identities()).containsExactly(old, fresh);
      assertThat(started).containsExactly(first, second);
      assertThat(logs)
          .anyMatch(l -> l.equals("whitewasher: rejoined as " + fresh + " (was " + old + ")"));
      for (PersonaNetwork.Seen s : seen) { // both answered (wrongly) before it left
        assertThat(s.completed().result().output())
            .isEqualTo(ImageGenerateHandler.render("not a red fox", 256, 256));
      }
      // the new identity is found (the old one's descriptor lingers until its TTL: withdrawn
      // nothing) and lies as before
      List<PeerId> found =
          new Finder(net.requester.host(), SystemClock.INSTANCE)
                  .find(
                      net.registryAddr,
                      Query.forTag(new CapabilityTag("image.generate"), 10),
                      TrustView.NONE)
                  .matches()
                  .stream()
                  .map(m -> m.descriptor().descriptor().peer())
                  .toList();
      assertThat(found).contains(fresh);
      PersonaNetwork.Seen later =
          net.invoke(second, "image-gen", PROMPT, "application/json", TIMEOUT);
      assertThat(later.completed().result().output())
          .isEqualTo(ImageGenerateHandler.render("not a red fox", 256, 256));
      assertThat(SybilPersonaTest.verify(fresh, later, "image-gen", "builtin/image.generate/1"))
          .isTrue();
      assertThat(first.host().connections()).isEmpty(); // the old identity is gone
    }
  }
}
