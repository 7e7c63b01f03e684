package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Json;
import io.ap2p.node.store.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key and descriptor verbs, run in-process: exit codes and what they print. */
class DescriptorCliTest {

  @TempDir Path dir;

  String newKey(String name) {
    CliRunner.Result r = CliRunner.run("key", "generate", "--out", dir.resolve(name).toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().trim()).startsWith("12D3KooW");
    return dir.resolve(name).toString();
  }

  @Test
  void examplePipedThroughSignAndVerify() {
    String key = newKey("alice.key");
    CliRunner.Result example = CliRunner.run("descriptor", "example");
    assertThat(example.code()).isZero();
    CliRunner.Result signed =
        CliRunner.withInput(example.out(), "descriptor", "sign", "--key", key);
    assertThat(signed.code()).as(signed.err()).isZero();
    CliRunner.Result verified = CliRunner.withInput(signed.out(), "descriptor", "verify");
    assertThat(verified.code()).as(verified.err()).isZero();
    assertThat(verified.out()).startsWith("valid: image-gen (image.generate) by 12D3KooW");
    CliRunner.Result shown = CliRunner.withInput(signed.out(), "descriptor", "show", "-");
    assertThat(shown.code()).isZero();
    assertThat(shown.out()).contains("capability:   image-gen").contains("verdict:      valid");
  }

  @Test
  void tamperedDescriptorIsRejectedWithReasonAndExitOne() throws Exception {
    String key = newKey("alice.key");
    Path out = dir.resolve("d.json");
    CliRunner.Result signed =
        CliRunner.withInput(
            DescriptorExamples.imageGenerationTemplate(),
            "descriptor",
            "sign",
            "--key",
            key,
            "--out",
            out.toString());
    assertThat(signed.code()).as(signed.err()).isZero();
    Files.writeString(out, Files.readString(out).replace("0.02", "0.01"));
    CliRunner.Result r = CliRunner.run("descriptor", "verify", out.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(r.err()).contains("rejected: BAD_SIGNATURE");
  }

  @Test
  void expiredDescriptorIsRejectedWithReason() throws Exception {
    PrivateKey k = PrivateKey.generate(new java.security.SecureRandom());
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    var d = DescriptorSigning.fromTemplate(t, k, Instant.now().minusSeconds(3600));
    String json = DescriptorSigning.sign(d, k).toJsonBytes().toUtf8();
    CliRunner.Result r = CliRunner.withInput(json, "descriptor", "verify");
    assertThat(r.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(r.err()).contains("rejected: EXPIRED");
  }

  @Test
  void signErrorsNameTheFlagOrJsonPath() throws Exception {
    String key = newKey("alice.key");
    CliRunner.Result r =
        CliRunner.withInput(
            "{\"schema\":\"ap2p/descriptor/1\",\"id\":\"x\"}", "descriptor", "sign", "--key", key);
    assertThat(r.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(r.err()).contains("--in: $.ttlSeconds: is required");

    r = CliRunner.withInput("not json", "descriptor", "sign", "--key", key);
    assertThat(r.err()).contains("--in: $: is not valid JSON");

    r =
        CliRunner.withInput(
            "{}", "descriptor", "sign", "--key", dir.resolve("nope.key").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(r.err()).contains("--key:").contains("does not exist");

    r = CliRunner.run("descriptor", "sign");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--key");

    r = CliRunner.withInput("x".repeat(70_000), "descriptor", "verify");
    assertThat(r.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(r.err()).contains("larger than 65536 bytes");
  }

  @Test
  void keyVerbs() throws Exception {
    String key = newKey("k.key");
    CliRunner.Result again = CliRunner.run("key", "generate", "--out", key);
    assertThat(again.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(again.err()).contains("already exists");
    CliRunner.Result shown = CliRunner.run("key", "show", key);
    assertThat(shown.code()).isZero();
    assertThat(shown.out()).contains("peer id:    12D3KooW").contains("as CID:     bafz");
    assertThat(KeyFiles.read(Path.of(key)).peerId().toBase58())
        .isEqualTo(shown.out().lines().findFirst().orElseThrow().substring(12));
    Files.setPosixFilePermissions(Path.of(key), PosixFilePermissions.fromString("rw-r-----"));
    CliRunner.Result exposed = CliRunner.run("key", "show", key);
    assertThat(exposed.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(exposed.err()).contains("chmod 600");
  }

  @Test
  void helpEverywhereAndUsageErrorsExitTwo() {
    for (String[] cmd :
        new String[][] {
          {"--help"},
          {"key", "--help"},
          {"key", "generate", "--help"},
          {"key", "show", "--help"},
          {"descriptor", "--help"},
          {"descriptor", "example", "--help"},
          {"descriptor", "sign", "--help"},
          {"descriptor", "verify", "--help"},
          {"descriptor", "show", "--help"},
          {"demo", "--help"}
        }) {
      CliRunner.Result r = CliRunner.run(cmd);
      assertThat(r.code()).as(String.join(" ", cmd)).isZero();
      assertThat(r.out()).contains("Usage:");
    }
    CliRunner.Result r = CliRunner.run("frobnicate");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("frobnicate");
  }
}
