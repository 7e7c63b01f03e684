package io.ap2p.node.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonText;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the AgentCard (A2A v1.0, as {@code @a2a-js/sdk} 1.3.0 reads it) of a node: one skill per
 * capability it serves (id, name, description and tags from the descriptor's intent, examples, and
 * input and output modes from its {@code io} schemas' {@code contentMediaType} or {@code type}),
 * the node's A2A endpoint as a JSON-RPC interface for protocol versions 1.0 and 0.3, bearer
 * authentication, and a signature by the node's key ({@link CardSigner}).
 */
public final class AgentCards {

  /** The A2A JSON-RPC path on the local API. */
  public static final String RPC_PATH = "/a2a";

  /** Where the local API serves the signed card. */
  public static final String WELL_KNOWN_PATH = "/.well-known/agent-card.json";

  /** The name of the bearer security scheme in the card. */
  public static final String SCHEME = "apiToken";

  private AgentCards() {}

  /**
   * The signed card of a node.
   *
   * @param key the node's identity key, which signs
   * @param agentVersion what the node reports as its version
   * @param served the descriptor templates of the capabilities it serves
   * @param apiUrl the local API's base URL ({@code http://127.0.0.1:PORT}), when it runs
   */
  public static ObjectNode signed(
      PrivateKey key,
      String agentVersion,
      List<CapabilityDescriptor> served,
      Optional<String> apiUrl) {
    try {
      return CardSigner.sign(unsigned(key, agentVersion, served, apiUrl), key);
    } catch (CardRejectedException e) {
      throw new IllegalStateException("a card ap2p built does not read back: " + e, e);
    }
  }

  /** The card before it is signed. */
  static ObjectNode unsigned(
      PrivateKey key,
      String agentVersion,
      List<CapabilityDescriptor> served,
      Optional<String> apiUrl) {
    String peer = key.peerId().toString();
    ObjectNode card = Json.MAPPER.createObjectNode();
    card.put("name", "ap2p node " + key.peerId().shortForm());
    card.put(
        "description",
        "An ap2p node (libp2p peer "
            + peer
            + ") serving "
            + served.size()
            + (served.size() == 1 ? " capability" : " capabilities")
            + " over A2A JSON-RPC on its local API; the card is signed with the peer's Ed25519 key"
            + " (kid = peer id).");
    ArrayNode ifaces = card.putArray("supportedInterfaces");
    apiUrl.ifPresent(
        u -> {
          for (String v : List.of("1.0", "0.3")) {
            ifaces
                .addObject()
                .put("url", u + RPC_PATH)
                .put("protocolBinding", "JSONRPC")
                .put("protocolVersion", v);
          }
        });
    card.put("version", agentVersion);
    card.putObject("capabilities").put("streaming", false).put("pushNotifications", false);
    card.putObject("securitySchemes")
        .putObject(SCHEME)
        .putObject("httpAuthSecurityScheme")
        .put("scheme", "Bearer")
        .put(
            "description",
            "the token in api.json of the node's data directory (readable by its owner only)");
    card.putArray("securityRequirements")
        .addObject()
        .putObject("schemes")
        .putObject(SCHEME)
        .putArray("list");
    Set<String> in = new LinkedHashSet<>();
    Set<String> out = new LinkedHashSet<>();
    ArrayNode skills = card.putArray("skills");
    for (CapabilityDescriptor d :
        served.stream().sorted(Comparator.comparing(CapabilityDescriptor::id)).toList()) {
      ObjectNode s = skills.addObject();
      s.put("id", d.id());
      s.put("name", d.intent().name());
      s.put("description", d.intent().description());
      ArrayNode tags = s.putArray("tags");
      d.intent().tags().stream().map(CapabilityTag::value).forEach(tags::add);
      ArrayNode examples = s.putArray("examples");
      d.intent().examples().forEach(examples::add);
      List<String> im = inputModes(d.io().input());
      List<String> om = outputModes(d.io().output());
      im.forEach(s.putArray("inputModes")::add);
      om.forEach(s.putArray("outputModes")::add);
      in.addAll(im);
      out.addAll(om);
    }
    ArrayNode din = card.putArray("defaultInputModes");
    (in.isEmpty() ? Set.of("text/plain") : in).forEach(din::add);
    ArrayNode dout = card.putArray("defaultOutputModes");
    (out.isEmpty() ? Set.of("text/plain") : out).forEach(dout::add);
    return card;
  }

  /** What a capability takes: its schema's media type, and text for JSON (a prompt, say). */
  static List<String> inputModes(JsonText schema) {
    String m = mode(schema);
    return m.equals("application/json") ? List.of("application/json", "text/plain") : List.of(m);
  }

  static List<String> outputModes(JsonText schema) {
    return List.of(mode(schema));
  }

  private static String mode(JsonText schema) {
    JsonNode s = schema.toTree();
    JsonNode media = s.get("contentMediaType");
    if (media != null && media.isTextual() && !media.textValue().isBlank()) {
      return media.textValue();
    }
    return switch (s.path("type").asText("")) {
      case "object", "array", "number", "integer", "boolean" -> "application/json";
      case "string" -> "text/plain";
      default -> "application/octet-stream";
    };
  }
}
