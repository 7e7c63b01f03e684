package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3 flags: {@code node start --attestor / --attestor-peer / --trust-attestor} and {@code
 * invoke --trust-attestor}, checked with messages naming the flag, and an attested run shown.
 */
class EvidenceCliTest {

  @TempDir Path tmp;

  @Test
  void helpNamesTheEvidenceFlags() {
    CliRunner.Result start = CliRunner.run("node", "start", "--help");
    assertThat(start.out()).contains("--attestor ", "--attestor-peer", "--trust-attestor");
    CliRunner.Result invoke = CliRunner.run("invoke", "--help");
    assertThat(invoke.out()).contains("--trust-attestor");
  }

  @Test
  void badEvidenceFlagsAreRefusedNamingTheFlag() throws Exception {
    String data = tmp.resolve("d").toString();
    String someone = PrivateKey.generate(LoopbackNetwork.RANDOM).peerId().toString();
    assertUsage(
        "--trust-attestor: not a peer id",
        "node",
        "start",
        "--data",
        data,
        "--discovery",
        "dht",
        "--trust-attestor",
        "nobody");
    assertUsage(
        "--attestor-peer: the address must end in /p2p/<peer id>",
        "node",
        "start",
        "--data",
        data,
        "--discovery",
        "dht",
        "--serve",
        "image.generate",
        "--attestor-peer",
        "/ip4/127.0.0.1/tcp/4001");
    assertUsage(
        "--attestor-peer: only for a provider",
        "node",
        "start",
        "--data",
        data,
        "--discovery",
        "dht",
        "--attestor-peer",
        "/ip4/127.0.0.1/tcp/4001/p2p/" + someone);
    Path in = Files.writeString(tmp.resolve("in.txt"), "One. Two. Three.");
    assertUsage(
        "--trust-attestor: not a peer id",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in.toString(),
        "--registry-peer",
        "/ip4/127.0.0.1/tcp/4001/p2p/" + someone,
        "--trust-attestor",
        "12D3KooWnope");
    assertUsage(
        "--trust-attestor: the running node trusts the attestors it was started with",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in.toString(),
        "--node",
        tmp.resolve("n").toString(),
        "--trust-attestor",
        someone);
  }

  @Test
  void nodeStartServesTheAttestorRoleAndSaysWhomItTrusts() throws Exception {
    String pinned = PrivateKey.generate(LoopbackNetwork.RANDOM).peerId().toString();
    NodeServeCliTest.Started n =
        NodeServeCliTest.node(
            "--data",
            tmp.resolve("attestor").toString(),
            "--discovery",
            "dht",
            "--attestor",
            "--trust-attestor",
            pinned);
    n.stop();
    assertThat(n.err().toString())
        .contains("serving the attestor role (/ap2p/attest/1.0.0)")
        .contains("trusting attestor " + pinned);
  }

  /** A provider's own key as its attestor is refused once the key is known. */
  @Test
  void aProviderCannotBeItsOwnAttestor() throws Exception {
    Path data = tmp.resolve("self");
    String peer =
        io.ap2p.node.store.DataDir.open(data)
            .loadOrCreateIdentity(LoopbackNetwork.RANDOM)
            .key()
            .peerId()
            .toString();
    assertUsage(
        "--attestor-peer: a provider cannot attest its own receipts",
        "node",
        "start",
        "--data",
        data.toString(),
        "--discovery",
        "dht",
        "--serve",
        "text.summarize",
        "--attestor-peer",
        "/ip4/127.0.0.1/tcp/4001/p2p/" + peer);
  }

  @Test
  void anInvokePinningTheAttestorAcceptsItsCountersignatureAndOnePinningAnotherRefuses()
      throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(tmp.resolve("net"))) {
      Node attestor =
          net.start(
              "attestor",
              false,
              List.of(),
              TrustOptions.DEFAULTS.withEvidence(Set.of(), true, Optional.empty()));
      Multiaddr at = attestor.host().listenAddrs().get(0).withPeerId(attestor.host().peerId());
      Node provider =
          net.start(
              "provider",
              false,
              List.of(CapabilitySpec.forBuiltin("text.summarize")),
              TrustOptions.DEFAULTS.withEvidence(Set.of(), false, Optional.of(at)));
      LoopbackNetwork.await(
          () ->
              provider.provider().get().status().stream()
                  .allMatch(s -> s.discoverableAt(System.currentTimeMillis())),
          Duration.ofSeconds(10));
      Path in = Files.writeString(tmp.resolve("in.txt"), ExecutionCliTest.TEXT);
      CliRunner.Result ok =
          CliRunner.run(
              "invoke",
              "--tag",
              "text.summarize",
              "--input",
              in.toString(),
              "--side-effect",
              "irreversible",
              "--registry-peer",
              net.registry(),
              "--trust-attestor",
              attestor.host().peerId().toString());
      assertThat(ok.code()).as(ok.err()).isZero();
      assertThat(ok.err())
          .contains("attested by " + attestor.host().peerId())
          .contains("trace    summarizer extractive/3");

      String stranger = PrivateKey.generate(LoopbackNetwork.RANDOM).peerId().toString();
      CliRunner.Result refused =
          CliRunner.run(
              "invoke",
              "--tag",
              "text.summarize",
              "--input",
              in.toString(),
              "--side-effect",
              "irreversible",
              "--registry-peer",
              net.registry(),
              "--trust-attestor",
              stranger);
      assertThat(refused.code()).as(refused.err()).isNotZero();
      assertThat(refused.err())
          .containsAnyOf("attested by an attestor this requester pins", "BAD_ATTESTATION");
    }
  }

  private static void assertUsage(String message, String... args) {
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(message);
  }
}
