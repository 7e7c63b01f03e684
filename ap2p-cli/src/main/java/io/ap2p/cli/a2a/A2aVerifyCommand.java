package io.ap2p.cli.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.CliIo;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.wire.Json;
import io.ap2p.node.a2a.CardRejectedException;
import io.ap2p.node.a2a.CardVerifier;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p a2a verify}: checks an AgentCard's signature against a pinned key. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify an A2A AgentCard against a key you pin, never the key the card names: a card",
      "that carries its own key proves nothing. The card verifies when one of its signatures",
      "is an EdDSA JWS over its canonical form (A2A v1.0 schema members, empties stripped,",
      "RFC 8785) under the pinned key, and its kid, when a peer id, is the pinned peer.",
      "Prints what was signed and the skills; members outside the schema are not signed",
      "and not shown. Limits: 256 KiB, 16 signatures."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified",
      "1:rejected (TOO_LARGE, MALFORMED_CARD, NO_SIGNATURE, MALFORMED_JWS, UNSUPPORTED_ALG,"
          + " WRONG_KEY, CARD_CHANGED, BAD_SIGNATURE: the reason is printed)",
      "2:usage error"
    })
public final class A2aVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CARD", description = "The card file, or - for stdin.")
  String card;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "PEER|KEYFILE",
      description =
          "The key to pin: a peer id (12D3KooW…, which holds the Ed25519 key) or a key file"
              + " (as 'ap2p key generate' writes).")
  String key;

  @Option(names = "--json", description = "Print the signed card as JSON instead of a summary.")
  boolean json;

  @Override
  public Integer call() {
    PublicKey pinned = pinned(spec.commandLine(), key);
    byte[] bytes = CliIo.read(spec, card, CardVerifier.MAX_CARD_BYTES, "CARD");
    CardVerifier.Verified v;
    try {
      v = CardVerifier.verify(bytes, pinned);
    } catch (CardRejectedException e) {
      throw new CliFailure("rejected: " + e.reason() + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.pretty(v.card()));
      return ExitCodes.OK;
    }
    out.println(
        "verified: signed by "
            + pinned.peerId()
            + (v.kidIsPinnedPeer() ? " (kid = its peer id)" : " (kid '" + v.kid() + "')"));
    JsonNode c = v.card();
    out.println("name:     " + c.path("name").asText(""));
    out.println("version:  " + c.path("version").asText(""));
    for (JsonNode i : c.path("supportedInterfaces")) {
      out.println(
          "endpoint: "
              + i.path("url").asText("")
              + " ("
              + i.path("protocolBinding").asText("?")
              + " "
              + i.path("protocolVersion").asText("?")
              + ")");
    }
    JsonNode skills = c.path("skills");
    out.println("skills:   " + skills.size());
    for (JsonNode s : skills) {
      out.printf(
          "  %-20s %s [%s]%n      in: %s  out: %s%n",
          s.path("id").asText(""),
          s.path("name").asText(""),
          join(s.path("tags")),
          join(s.path("inputModes").isEmpty() ? c.path("defaultInputModes") : s.path("inputModes")),
          join(
              s.path("outputModes").isEmpty()
                  ? c.path("defaultOutputModes")
                  : s.path("outputModes")));
    }
    return ExitCodes.OK;
  }

  private static String join(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return String.join(", ", out);
  }

  /** The pinned key: a peer id's inline key, or a key file's public half. */
  static PublicKey pinned(CommandLine cmd, String text) {
    try {
      PeerId p = PeerId.parse(text.strip());
      return p.publicKey()
          .orElseThrow(
              () ->
                  new CommandLine.ParameterException(
                      cmd, "--key: peer id " + text + " does not hold its key (not Ed25519)"));
    } catch (KeyFormatException | IllegalArgumentException e) {
      // not a peer id: a key file
    }
    Path file = Path.of(text);
    if (!Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(
          cmd, "--key: '" + text + "' is neither a peer id nor a key file");
    }
    try {
      return KeyFiles.read(file).publicKey();
    } catch (KeyFileException e) {
      throw new CliFailure("--key: " + e.getMessage());
    }
  }
}
