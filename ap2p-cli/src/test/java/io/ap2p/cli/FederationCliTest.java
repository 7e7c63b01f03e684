package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation flags: {@code --federate} only with {@code --registry}, addresses with their peer
 * id, at most 32; {@code find} with several {@code --registry-peer} answers from the live ones and
 * names the one it could not query.
 */
class FederationCliTest {

  @TempDir static Path tmp;
  static LoopbackNetwork net;
  static final String NOBODY =
      "/ip4/127.0.0.1/tcp/1/p2p/" + PrivateKey.generate(new SecureRandom()).peerId();

  @BeforeAll
  static void network() throws Exception {
    net = new LoopbackNetwork(tmp.resolve("net"));
  }

  @AfterAll
  static void close() {
    net.close();
  }

  @Test
  void federateFlagsAreChecked() {
    String data = tmp.resolve("node").toString();
    ExecutionCliUsageTest.assertUsage(
        "--federate: only a registry federates; add --registry",
        "node",
        "start",
        "--data",
        data,
        "--federate",
        NOBODY);
    ExecutionCliUsageTest.assertUsage(
        "--federate: the address must end in /p2p/<peer id>",
        "node",
        "start",
        "--data",
        data,
        "--registry",
        "--federate",
        "/ip4/127.0.0.1/tcp/4001");
    List<String> many = new ArrayList<>(List.of("node", "start", "--data", data, "--registry"));
    for (int i = 0; i < 33; i++) {
      many.add("--federate");
      many.add(NOBODY);
    }
    ExecutionCliUsageTest.assertUsage("at most 32", many.toArray(String[]::new));
  }

  @Test
  void findAsksEveryRegistryAndNamesTheOneThatFailed() {
    CliRunner.Result r =
        CliRunner.run(
            "find",
            "--tag",
            "text.summarize",
            "--registry-peer",
            NOBODY,
            "--registry-peer",
            net.registry());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("cannot query " + NOBODY);
    CliRunner.Result none =
        CliRunner.run("find", "--tag", "text.summarize", "--registry-peer", NOBODY);
    assertThat(none.code()).isEqualTo(1);
  }
}
