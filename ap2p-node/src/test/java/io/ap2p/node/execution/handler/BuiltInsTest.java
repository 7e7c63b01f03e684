package io.ap2p.node.execution.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInsTest {

  @TempDir Path tmp;

  private static final PrivateKey KEY = PrivateKey.fromSeed(Bytes.wrap(new byte[32]));

  private static CapabilityDescriptor descriptor(String name) throws Exception {
    return DescriptorSigning.fromTemplate(
        Json.parse(BuiltIns.template(name).getBytes(StandardCharsets.UTF_8)),
        KEY,
        Instant.parse("2026-05-01T10:00:00Z"));
  }

  @Test
  void eachTemplateIsAValidDescriptorWithItsIdTagAndVersion() throws Exception {
    Map<String, String> ids =
        Map.of(
            "image.generate", "image-gen",
            "content.publish", "content-publish",
            "text.summarize", "text-summarize");
    assertThat(BuiltIns.names())
        .containsExactly("image.generate", "content.publish", "text.summarize");
    for (String name : BuiltIns.names()) {
      CapabilityDescriptor d = descriptor(name);
      assertThat(d.id()).isEqualTo(ids.get(name));
      assertThat(d.intent().tags()).extracting(t -> t.value()).containsExactly(name);
      try (Handler h = BuiltIns.create(name, tmp)) {
        assertThat(h.version()).isEqualTo("builtin/" + name + "/1");
        assertThat(d.state().version()).isEqualTo(h.version());
      }
    }
    assertThat(descriptor("content.publish").constraints().sideEffect())
        .isEqualTo(SideEffect.IRREVERSIBLE);
    assertThat(descriptor("image.generate").constraints().sideEffect()).isEqualTo(SideEffect.NONE);
  }

  @Test
  void unknownNamesAreRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> BuiltIns.create("image.generat", tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image.generate, content.publish, text.summarize");
    assertThatThrownBy(() -> BuiltIns.template("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known:");
  }
}
