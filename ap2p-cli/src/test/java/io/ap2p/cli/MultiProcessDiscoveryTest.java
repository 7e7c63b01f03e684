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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate OS processes through the real CLI: a registry, two providers, then ap2p find. */
@Tag("slow")
class MultiProcessDiscoveryTest {

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

  Path template(String id, String name, String tag) throws Exception {
    String example = CliRunner.run("descriptor", "example").out();
    String t =
        example
            .replace("\"id\": \"image-gen\"", "\"id\": \"" + id + "\"")
            .replace("\"name\": \"Generate an image\"", "\"name\": \"" + name + "\"")
            .replace("\"image.generate\"", "\"" + tag + "\"");
    assertThat(t).contains(id, name, tag);
    return Files.writeString(tmp.resolve(id + ".json"), t);
  }

  @Test
  void aRegistryTwoProvidersAndFind() throws Exception {
    String registry =
        firstAddress(
            ap2p("registry", "node", "start", "--registry", "--data", tmp.resolve("r").toString()));
    ap2p(
        "p1",
        "node",
        "start",
        "--data",
        tmp.resolve("p1").toString(),
        "--registry-peer",
        registry,
        "--publish",
        template("painter", "Paint a picture", "image.generate").toString());
    ap2p(
        "p2",
        "node",
        "start",
        "--data",
        tmp.resolve("p2").toString(),
        "--registry-peer",
        registry,
        "--publish",
        template("poster", "Publish a post", "content.publish").toString());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    CliRunner.Result r =
        CliRunner.run("find", "--registry-peer", registry, "--tag", "image.generate");
    while (!r.out().contains("painter") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = CliRunner.run("find", "--registry-peer", registry, "--tag", "image.generate");
    }
    assertThat(r.out()).contains("painter").doesNotContain("poster");
    CliRunner.Result post = CliRunner.run("find", "--registry-peer", registry, "publish a post");
    while (!post.out().contains("poster") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      post = CliRunner.run("find", "--registry-peer", registry, "publish a post");
    }
    assertThat(post.out()).contains("poster");
    CliRunner.Result status = CliRunner.run("status", "--node", tmp.resolve("p1").toString());
    assertThat(status.out()).contains("painter", "DISCOVERABLE");
  }
}
