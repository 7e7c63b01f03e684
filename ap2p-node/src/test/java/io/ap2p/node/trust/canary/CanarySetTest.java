package io.ap2p.node.trust.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanarySetTest {

  static final CapabilityTag SUM = new CapabilityTag("text.summarize");

  static Bytes utf8(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static CanarySet parse(String json) {
    return CanarySet.parse(utf8(json), new SplittableRandom(1));
  }

  @Test
  void entriesAreDrawnForTheirTagAndCheckedByDigest() {
    String sha = Digests.sha256(utf8("short")).toHex();
    CanarySet set =
        parse(
            "{\"canaries\":[{\"tag\":\"text.summarize\",\"text\":\"a long text\",\"sha256\":\""
                + sha
                + "\"},{\"tag\":\"text.summarize\",\"base64\":\"AQID\",\"sha256\":\""
                + sha
                + "\"}]}");
    assertThat(set.size(SUM)).isEqualTo(2);
    CanaryFactory.Canary c = set.canary(SUM, utf8("real")).orElseThrow();
    assertThat(c.input()).isIn(utf8("a long text"), Bytes.wrap(new byte[] {1, 2, 3}));
    assertThat(c.passes(utf8("short"))).isTrue();
    assertThat(c.passes(utf8("shorter"))).isFalse();
    assertThat(set.canary(new CapabilityTag("image.generate"), utf8("x"))).isEmpty();
  }

  @Test
  void badSetsAreRefusedNamingTheEntryAndField() {
    String sha = "00".repeat(32);
    assertThatThrownBy(() -> parse("[")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> parse("{\"canary\":[]}")).hasMessageContaining("expected");
    assertThatThrownBy(() -> parse("{\"canaries\":[3]}"))
        .hasMessageContaining("$.canaries[0]: must be an object");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"canaries\":[{\"tag\":\"a.b\",\"text\":\"x\",\"sha256\":\""
                        + sha
                        + "\",\"extra\":1}]}"))
        .hasMessageContaining("$.canaries[0].extra");
    assertThatThrownBy(
            () -> parse("{\"canaries\":[{\"tag\":\"a.b\",\"text\":\"x\",\"sha256\":\"abc\"}]}"))
        .hasMessageContaining(".sha256: must be 64 hex digits");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"canaries\":[{\"tag\":\"a.b\",\"text\":\"x\",\"base64\":\"AA==\",\"sha256\":\""
                        + sha
                        + "\"}]}"))
        .hasMessageContaining("text or base64");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"canaries\":[{\"tag\":\"a.b\",\"base64\":\"!!\",\"sha256\":\""
                        + sha
                        + "\"}]}"))
        .hasMessageContaining(".base64: not base64");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"canaries\":[{\"tag\":\"Not A Tag\",\"text\":\"x\",\"sha256\":\""
                        + sha
                        + "\"}]}"))
        .hasMessageContaining(".tag");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"canaries\":[{\"tag\":\"a.b\",\"text\":\"\",\"sha256\":\"" + sha + "\"}]}"))
        .hasMessageContaining("1 to");
    StringBuilder many = new StringBuilder("{\"canaries\":[");
    for (int i = 0; i <= CanarySet.MAX_ENTRIES; i++) {
      many.append(i == 0 ? "" : ",").append("{}");
    }
    assertThatThrownBy(() -> parse(many + "]}")).hasMessageContaining("at most 10000");
  }

  @Test
  void anOversizedFileIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("big.json");
    Files.write(f, new byte[(int) CanarySet.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> CanarySet.read(f, new SplittableRandom(1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("at most");
  }
}
