package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate OS processes through the real CLI: a registry started with --identity-bits, a publisher
 * that mints and is found, one whose --max-identity-bits is too low and says so, and a restart that
 * reuses the kept proof.
 */
@Tag("slow")
class MultiProcessIdentityPriceTest {

  @TempDir Path tmp;
  final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroy(); // SIGTERM: a clean shutdown
    }
    for (Process p : processes) {
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    }
  }

  Process ap2p(String name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve(name + ".err").toFile()).start();
    processes.add(p);
    return p;
  }

  static String firstAddress(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).isNotNull().startsWith("listening ");
    return line.substring("listening ".length());
  }

  Path template(String id) throws Exception {
    String t =
        CliRunner.run("descriptor", "example")
            .out()
            .replace("\"id\": \"image-gen\"", "\"id\": \"" + id + "\"");
    return Files.writeString(tmp.resolve(id + ".json"), t);
  }

  String err(String name) throws Exception {
    Path f = tmp.resolve(name + ".err");
    return Files.exists(f) ? Files.readString(f) : "";
  }

  static void await(String what, Supplier<Boolean> ok) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!ok.get()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  boolean found(String registry, String id) {
    return CliRunner.run("find", "--registry-peer", registry, "--tag", "image.generate")
        .out()
        .contains(id);
  }

  @Test
  void aPricedRegistryAdmitsThePublisherThatPaysAndTheProofOutlivesARestart() throws Exception {
    String registry =
        firstAddress(
            ap2p(
                "registry",
                "node",
                "start",
                "--registry",
                "--identity-bits",
                "12",
                "--data",
                tmp.resolve("r").toString()));
    assertThat(err("registry")).contains("serving a registry (identity proofs of 12 bits)");
    String p1 = tmp.resolve("p1").toString();
    Process first =
        ap2p(
            "p1",
            "node",
            "start",
            "--data",
            p1,
            "--registry-peer",
            registry,
            "--publish",
            template("painter").toString());
    ap2p(
        "cheap",
        "node",
        "start",
        "--data",
        tmp.resolve("cheap").toString(),
        "--max-identity-bits",
        "8",
        "--registry-peer",
        registry,
        "--publish",
        template("miser").toString());
    await("the paying publisher found", () -> found(registry, "painter"));
    assertThat(err("p1")).contains("minting an identity proof of 12 bits");
    await(
        "the one that will not pay says why",
        () ->
            CliRunner.run("status", "--node", tmp.resolve("cheap").toString())
                .out()
                .contains("IDENTITY_PROOF_REQUIRED"));
    assertThat(err("cheap")).contains("--max-identity-bits 8");
    assertThat(found(registry, "miser")).isFalse();
    // a restart of the paying publisher, to a registry that has never seen it, sends the kept
    // proof: admitted, nothing minted again
    first.destroy();
    assertThat(first.waitFor(15, TimeUnit.SECONDS)).isTrue();
    processes.remove(first);
    String other =
        firstAddress(
            ap2p(
                "registry2",
                "node",
                "start",
                "--registry",
                "--identity-bits",
                "12",
                "--data",
                tmp.resolve("r2").toString()));
    firstAddress(
        ap2p(
            "p1-again",
            "node",
            "start",
            "--data",
            p1,
            "--registry-peer",
            other,
            "--publish",
            template("painter").toString()));
    await("found at the other registry", () -> found(other, "painter"));
    assertThat(err("p1-again")).doesNotContain("minting");
  }
}
