package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry walk-through through the CLI: a registry, a provider, find, publish, status. */
class DiscoveryCliTest {

  @TempDir Path tmp;
  final List<Thread> nodes = new ArrayList<>();
  final List<CompletableFuture<Integer>> exits = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    nodes.forEach(Thread::interrupt);
    for (CompletableFuture<Integer> e : exits) {
      assertThat(e.get(10, TimeUnit.SECONDS)).isZero();
    }
  }

  /** Starts {@code ap2p node start ARGS} in-process; returns its first listen address. */
  String node(String... args) throws Exception {
    NetCliTest.Lines out = new NetCliTest.Lines();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("node", "start"));
    all.addAll(List.of(args));
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    nodes.add(
        Thread.ofVirtual()
            .start(
                () ->
                    exit.complete(
                        Main.run(
                            new ByteArrayInputStream(new byte[0]),
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            all.toArray(String[]::new)))));
    exits.add(exit);
    String line = out.lines.poll(20, TimeUnit.SECONDS);
    assertThat(line).as("stderr: %s", err).isNotNull().startsWith("listening ");
    return line.substring("listening ".length());
  }

  static void awaitOutput(String what, java.util.function.Supplier<CliRunner.Result> run)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    CliRunner.Result r = run.get();
    while (!r.out().contains(what) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      r = run.get();
    }
    assertThat(r.out()).as(r.err()).contains(what);
  }

  @Test
  void registryProviderFindAndStatus() throws Exception {
    String registry = node("--registry", "--data", tmp.resolve("registry").toString());
    Path template = tmp.resolve("image-gen.json");
    CliRunner.Result example = CliRunner.run("descriptor", "example");
    Files.writeString(template, example.out());
    Path providerDir = tmp.resolve("provider");
    node(
        "--data",
        providerDir.toString(),
        "--registry-peer",
        registry,
        "--publish",
        template.toString());

    awaitOutput(
        "image-gen", () -> CliRunner.run("find", "--registry-peer", registry, "generate an image"));
    CliRunner.Result found =
        CliRunner.run("find", "--registry-peer", registry, "generate an image");
    assertThat(found.code()).isZero();
    assertThat(found.out()).contains("1. 12D3KooW", "image-gen", "why: score");

    CliRunner.Result json =
        CliRunner.run("find", "--registry-peer", registry, "--tag", "image.generate", "--json");
    assertThat(json.out()).contains("\"capability\" : \"image-gen\"", "\"why\"");
    // the provider announces where it really listens
    assertThat(json.out()).contains("/p2p/").doesNotContain("tcp/4001\"");

    CliRunner.Result none =
        CliRunner.run("find", "--registry-peer", registry, "--tag", "travel.book");
    assertThat(none.code()).isZero();
    assertThat(none.out()).contains("no matches");
    CliRunner.Result filtered =
        CliRunner.run(
            "find", "--registry-peer", registry, "--tag", "image.generate", "--region", "us");
    assertThat(filtered.out()).contains("no matches");

    CliRunner.Result status = CliRunner.run("status", "--node", providerDir.toString());
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains("image-gen", "DISCOVERABLE", "ACCEPTED ADDED", registry);
    CliRunner.Result regStatus =
        CliRunner.run("status", "--node", tmp.resolve("registry").toString(), "--json");
    assertThat(regStatus.out()).contains("\"serving\" : true", "\"descriptors\" : 1");

    CliRunner.Result nobody = CliRunner.run("status", "--node", tmp.resolve("nobody").toString());
    assertThat(nobody.code()).isEqualTo(1);
    assertThat(nobody.err()).contains("no node running");
  }

  @Test
  void oneShotPublishMintsTheIdentityProofAPricedRegistryAsks() throws Exception {
    String registry =
        node("--registry", "--identity-bits", "10", "--data", tmp.resolve("priced").toString());
    Path alice = tmp.resolve("alice.key");
    assertThat(CliRunner.run("key", "generate", "--out", alice.toString()).code()).isZero();
    Path template = tmp.resolve("t.json");
    Files.writeString(template, CliRunner.run("descriptor", "example").out());
    Path signed = tmp.resolve("signed.json");
    CliRunner.run(
        "descriptor",
        "sign",
        "--key",
        alice.toString(),
        "--in",
        template.toString(),
        "--out",
        signed.toString());

    CliRunner.Result tooDear =
        CliRunner.run(
            "publish",
            "--key",
            alice.toString(),
            "--max-identity-bits",
            "4",
            "--registry-peer",
            registry,
            signed.toString());
    assertThat(tooDear.code()).isEqualTo(1);
    assertThat(tooDear.err()).contains("identity proof of 10 bits", "--max-identity-bits 4");

    CliRunner.Result bad =
        CliRunner.run(
            "publish",
            "--key",
            alice.toString(),
            "--max-identity-bits",
            "33",
            "--registry-peer",
            registry,
            signed.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--max-identity-bits: expected 0 to 32, got 33");

    CliRunner.Result ok =
        CliRunner.run(
            "publish", "--key", alice.toString(), "--registry-peer", registry, signed.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.err()).contains("minting one");
    assertThat(ok.out()).contains("ACCEPTED ADDED");
  }

  @Test
  void oneShotPublishShowsTheVerdict() throws Exception {
    String registry = node("--registry", "--data", tmp.resolve("registry").toString());
    Path alice = tmp.resolve("alice.key");
    Path bob = tmp.resolve("bob.key");
    assertThat(CliRunner.run("key", "generate", "--out", alice.toString()).code()).isZero();
    assertThat(CliRunner.run("key", "generate", "--out", bob.toString()).code()).isZero();
    Path template = tmp.resolve("t.json");
    Files.writeString(template, CliRunner.run("descriptor", "example").out());
    Path older = tmp.resolve("older.json");
    Path newer = tmp.resolve("newer.json");
    CliRunner.run(
        "descriptor",
        "sign",
        "--key",
        alice.toString(),
        "--in",
        template.toString(),
        "--out",
        older.toString());
    Thread.sleep(5);
    CliRunner.run(
        "descriptor",
        "sign",
        "--key",
        alice.toString(),
        "--in",
        template.toString(),
        "--out",
        newer.toString());

    CliRunner.Result ok =
        CliRunner.run(
            "publish", "--key", alice.toString(), "--registry-peer", registry, newer.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("ACCEPTED ADDED");

    CliRunner.Result again =
        CliRunner.run(
            "publish", "--key", alice.toString(), "--registry-peer", registry, newer.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("DUPLICATE");

    CliRunner.Result replay =
        CliRunner.run(
            "publish", "--key", alice.toString(), "--registry-peer", registry, older.toString());
    assertThat(replay.code()).isEqualTo(1);
    assertThat(replay.err()).contains("rejected: REJECTED STALE_SEQ");

    CliRunner.Result forged =
        CliRunner.run(
            "publish", "--key", bob.toString(), "--registry-peer", registry, newer.toString());
    assertThat(forged.code()).isEqualTo(1);
    assertThat(forged.err()).contains("rejected:");

    String tampered = Files.readString(newer).replace("Generate an image", "Generate an imagE");
    Path bad = Files.writeString(tmp.resolve("tampered.json"), tampered);
    CliRunner.Result badSig =
        CliRunner.run(
            "publish", "--key", alice.toString(), "--registry-peer", registry, bad.toString());
    assertThat(badSig.code()).isEqualTo(1);
    assertThat(badSig.err()).contains("rejected:", "SIGNATURE");

    CliRunner.Result noKey =
        CliRunner.run("publish", "--registry-peer", registry, newer.toString());
    assertThat(noKey.code()).isEqualTo(1);
    assertThat(noKey.err()).contains("--key");

    // the honest descriptor survived all of that
    CliRunner.Result found =
        CliRunner.run("find", "--registry-peer", registry, "--tag", "image.generate");
    assertThat(found.out()).contains("image-gen");
  }

  @Test
  void dhtModeThroughTheCli() throws Exception {
    String seed = node("--discovery", "dht", "--data", tmp.resolve("seed").toString());
    Path template = tmp.resolve("image-gen.json");
    Files.writeString(template, CliRunner.run("descriptor", "example").out());
    Path providerDir = tmp.resolve("provider");
    node(
        "--discovery",
        "dht",
        "--bootstrap",
        seed,
        "--data",
        providerDir.toString(),
        "--publish",
        template.toString());
    try {
      awaitOutput(
          "image-gen",
          () -> CliRunner.run("find", "--discovery", "dht", "--bootstrap", seed, "--tag", "image"));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "\nprovider: "
              + CliRunner.run("status", "--node", providerDir.toString(), "--json").out()
              + "\nseed: "
              + CliRunner.run("status", "--node", tmp.resolve("seed").toString(), "--json").out()
              + "\nfind --json: "
              + CliRunner.run(
                      "find", "--discovery", "dht", "--bootstrap", seed, "--tag", "image", "--json")
                  .out(),
          e);
    }
    CliRunner.Result status = CliRunner.run("status", "--node", providerDir.toString());
    assertThat(status.out()).contains("dht:", "/ap2p/kad/1.0.0", "DISCOVERABLE", "ANNOUNCED");
  }

  @Test
  void badDiscoveryArgumentsSayWhat() throws Exception {
    CliRunner.Result dht =
        CliRunner.run(
            "find", "--discovery", "dht", "--bootstrap", "/ip4/127.0.0.1/tcp/1", "cat pictures");
    assertThat(dht.code()).isEqualTo(1);
    assertThat(dht.err()).contains("--tag");
    CliRunner.Result noBootstrap = CliRunner.run("find", "--discovery", "dht", "--tag", "image");
    assertThat(noBootstrap.code()).isEqualTo(1);
    assertThat(noBootstrap.err()).contains("--bootstrap");
    CliRunner.Result noRegistry =
        CliRunner.run("node", "start", "--publish", "x.json", "--data", tmp.toString());
    assertThat(noRegistry.code()).isEqualTo(1);
    assertThat(noRegistry.err()).contains("--publish needs a registry");
    CliRunner.Result findNothing =
        CliRunner.run(
            "find",
            "--registry-peer",
            "/ip4/127.0.0.1/tcp/1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
    assertThat(findNothing.code()).isEqualTo(1);
    assertThat(findNothing.err()).contains("TEXT and/or --tag");
    CliRunner.Result badTag =
        CliRunner.run("find", "--registry-peer", "/ip4/127.0.0.1/tcp/1", "--tag", "Not A Tag");
    assertThat(badTag.code()).isEqualTo(1);
    assertThat(badTag.err()).contains("--tag");
  }
}
