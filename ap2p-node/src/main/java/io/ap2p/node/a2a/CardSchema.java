package io.ap2p.node.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import java.util.List;
import java.util.Map;

/**
 * The A2A v1.0 AgentCard schema as {@code @a2a-js/sdk} 1.3.0 reads it ({@code AgentCard.fromJSON}
 * then {@code toJSON}, protobuf JSON of {@code lf.a2a.v1}): members outside the schema are dropped,
 * {@code snake_case} names are read as their {@code camelCase} form (the camelCase one wins when
 * both are set), a {@code oneof} keeps its first member set, and a non-optional boolean that is
 * false is left out. Where the sdk would coerce a wrong type ({@code String(5)}, {@code
 * Boolean("no")}, a non-array read as empty) this reader refuses the card instead: a well-formed
 * card reads the same both ways, and a card only the coercion makes readable is not one ap2p
 * vouches for.
 */
final class CardSchema {

  private enum Type {
    STRING,
    /** A proto3 {@code optional bool}: false is kept. */
    OPTIONAL_BOOL,
    /** A plain bool: false is the default and left out. */
    BOOL,
    MESSAGE,
    STRING_LIST,
    MESSAGE_LIST,
    MESSAGE_MAP,
    STRING_MAP,
    /** A {@code google.protobuf.Struct}: any JSON object (or array), kept as it is. */
    STRUCT
  }

  private record Field(String camel, String snake, Type type, Message message) {}

  private record Message(String name, boolean oneof, List<Field> fields) {}

  private static Field f(String camel, Type type) {
    return new Field(camel, snakeOf(camel), type, null);
  }

  private static Field m(String camel, Type type, Message message) {
    return new Field(camel, snakeOf(camel), type, message);
  }

  private static String snakeOf(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static Message flow(String name, String... urls) {
    List<Field> fs = new java.util.ArrayList<>();
    for (String u : urls) {
      fs.add(f(u, Type.STRING));
    }
    fs.add(f("scopes", Type.STRING_MAP));
    if (name.equals("AuthorizationCodeOAuthFlow")) {
      fs.add(f("pkceRequired", Type.BOOL));
    }
    return new Message(name, false, fs);
  }

  private static final Message FLOWS =
      new Message(
          "OAuthFlows",
          true,
          List.of(
              m(
                  "authorizationCode",
                  Type.MESSAGE,
                  flow("AuthorizationCodeOAuthFlow", "authorizationUrl", "tokenUrl", "refreshUrl")),
              m(
                  "clientCredentials",
                  Type.MESSAGE,
                  flow("ClientCredentialsOAuthFlow", "tokenUrl", "refreshUrl")),
              m(
                  "implicit",
                  Type.MESSAGE,
                  flow("ImplicitOAuthFlow", "authorizationUrl", "refreshUrl")),
              m("password", Type.MESSAGE, flow("PasswordOAuthFlow", "tokenUrl", "refreshUrl")),
              m(
                  "deviceCode",
                  Type.MESSAGE,
                  flow(
                      "DeviceCodeOAuthFlow", "deviceAuthorizationUrl", "tokenUrl", "refreshUrl"))));

  private static final Message SECURITY_SCHEME =
      new Message(
          "SecurityScheme",
          true,
          List.of(
              m(
                  "apiKeySecurityScheme",
                  Type.MESSAGE,
                  new Message(
                      "APIKeySecurityScheme",
                      false,
                      List.of(
                          f("description", Type.STRING),
                          f("location", Type.STRING),
                          f("name", Type.STRING)))),
              m(
                  "httpAuthSecurityScheme",
                  Type.MESSAGE,
                  new Message(
                      "HTTPAuthSecurityScheme",
                      false,
                      List.of(
                          f("description", Type.STRING),
                          f("scheme", Type.STRING),
                          f("bearerFormat", Type.STRING)))),
              m(
                  "oauth2SecurityScheme",
                  Type.MESSAGE,
                  new Message(
                      "OAuth2SecurityScheme",
                      false,
                      List.of(
                          f("description", Type.STRING),
                          m("flows", Type.MESSAGE, FLOWS),
                          f("oauth2MetadataUrl", Type.STRING)))),
              m(
                  "openIdConnectSecurityScheme",
                  Type.MESSAGE,
                  new Message(
                      "OpenIdConnectSecurityScheme",
                      false,
                      List.of(f("description", Type.STRING), f("openIdConnectUrl", Type.STRING)))),
              m(
                  "mtlsSecurityScheme",
                  Type.MESSAGE,
                  new Message(
                      "MutualTlsSecurityScheme", false, List.of(f("description", Type.STRING))))));

  private static final Message SECURITY_REQUIREMENT =
      new Message(
          "SecurityRequirement",
          false,
          List.of(
              m(
                  "schemes",
                  Type.MESSAGE_MAP,
                  new Message("StringList", false, List.of(f("list", Type.STRING_LIST))))));

  private static final Message CARD =
      new Message(
          "AgentCard",
          false,
          List.of(
              f("name", Type.STRING),
              f("description", Type.STRING),
              m(
                  "supportedInterfaces",
                  Type.MESSAGE_LIST,
                  new Message(
                      "AgentInterface",
                      false,
                      List.of(
                          f("url", Type.STRING),
                          f("protocolBinding", Type.STRING),
                          f("tenant", Type.STRING),
                          f("protocolVersion", Type.STRING)))),
              m(
                  "provider",
                  Type.MESSAGE,
                  new Message(
                      "AgentProvider",
                      false,
                      List.of(f("url", Type.STRING), f("organization", Type.STRING)))),
              f("version", Type.STRING),
              f("documentationUrl", Type.STRING),
              m(
                  "capabilities",
                  Type.MESSAGE,
                  new Message(
                      "AgentCapabilities",
                      false,
                      List.of(
                          f("streaming", Type.OPTIONAL_BOOL),
                          f("pushNotifications", Type.OPTIONAL_BOOL),
                          m(
                              "extensions",
                              Type.MESSAGE_LIST,
                              new Message(
                                  "AgentExtension",
                                  false,
                                  List.of(
                                      f("uri", Type.STRING),
                                      f("description", Type.STRING),
                                      f("required", Type.BOOL),
                                      f("params", Type.STRUCT)))),
                          f("extendedAgentCard", Type.OPTIONAL_BOOL)))),
              m("securitySchemes", Type.MESSAGE_MAP, SECURITY_SCHEME),
              m("securityRequirements", Type.MESSAGE_LIST, SECURITY_REQUIREMENT),
              f("defaultInputModes", Type.STRING_LIST),
              f("defaultOutputModes", Type.STRING_LIST),
              m(
                  "skills",
                  Type.MESSAGE_LIST,
                  new Message(
                      "AgentSkill",
                      false,
                      List.of(
                          f("id", Type.STRING),
                          f("name", Type.STRING),
                          f("description", Type.STRING),
                          f("tags", Type.STRING_LIST),
                          f("examples", Type.STRING_LIST),
                          f("inputModes", Type.STRING_LIST),
                          f("outputModes", Type.STRING_LIST),
                          m("securityRequirements", Type.MESSAGE_LIST, SECURITY_REQUIREMENT)))),
              // read (so a malformed one is refused) but never part of the canonical form
              m(
                  "signatures",
                  Type.MESSAGE_LIST,
                  new Message(
                      "AgentCardSignature",
                      false,
                      List.of(
                          f("protected", Type.STRING),
                          f("signature", Type.STRING),
                          f("header", Type.STRUCT)))),
              f("iconUrl", Type.STRING)));

  private CardSchema() {}

  /**
   * The card as the sdk's {@code AgentCard.toJSON(AgentCard.fromJSON(card))} gives it, signatures
   * included.
   *
   * @throws CardRejectedException (MALFORMED_CARD) naming the member at fault
   */
  static ObjectNode normalize(JsonNode card) throws CardRejectedException {
    if (card == null || !card.isObject()) {
      throw malformed("the card", "must be a JSON object");
    }
    return read(CARD, card, "card");
  }

  private static ObjectNode read(Message msg, JsonNode in, String path)
      throws CardRejectedException {
    if (!in.isObject()) {
      throw malformed(path, "must be an object (" + msg.name() + ")");
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (Field fd : msg.fields()) {
      JsonNode v = pick(in, fd);
      if (v == null) {
        continue;
      }
      String at = path + "." + fd.camel();
      switch (fd.type()) {
        case STRING -> out.put(fd.camel(), string(v, at));
        case OPTIONAL_BOOL -> out.put(fd.camel(), bool(v, at));
        case BOOL -> {
          if (bool(v, at)) {
            out.put(fd.camel(), true);
          }
        }
        case MESSAGE -> out.set(fd.camel(), read(fd.message(), v, at));
        case STRING_LIST -> {
          ArrayNode a = out.putArray(fd.camel());
          int i = 0;
          for (JsonNode e : array(v, at)) {
            a.add(string(e, at + "[" + i++ + "]"));
          }
        }
        case MESSAGE_LIST -> {
          ArrayNode a = out.putArray(fd.camel());
          int i = 0;
          for (JsonNode e : array(v, at)) {
            a.add(read(fd.message(), e, at + "[" + i++ + "]"));
          }
        }
        case MESSAGE_MAP -> {
          ObjectNode o = out.putObject(fd.camel());
          for (Map.Entry<String, JsonNode> e : object(v, at).properties()) {
            o.set(key(e.getKey(), at), read(fd.message(), e.getValue(), at + "." + e.getKey()));
          }
        }
        case STRING_MAP -> {
          ObjectNode o = out.putObject(fd.camel());
          for (Map.Entry<String, JsonNode> e : object(v, at).properties()) {
            o.put(key(e.getKey(), at), string(e.getValue(), at + "." + e.getKey()));
          }
        }
        case STRUCT -> {
          if (!v.isContainerNode()) {
            throw malformed(at, "must be an object");
          }
          checkStruct(v, at);
          out.set(fd.camel(), v.deepCopy());
        }
      }
      if (msg.oneof()) {
        break; // the first member set is the oneof's value
      }
    }
    return out;
  }

  /** The member for {@code fd}: its camelCase name when set (not null), else its snake_case one. */
  private static JsonNode pick(JsonNode in, Field fd) {
    JsonNode v = in.get(fd.camel());
    if (v != null && !v.isNull()) {
      return v;
    }
    v = fd.snake().equals(fd.camel()) ? null : in.get(fd.snake());
    return v != null && !v.isNull() ? v : null;
  }

  private static String string(JsonNode v, String at) throws CardRejectedException {
    if (!v.isTextual()) {
      throw malformed(at, "must be a string");
    }
    return text(v.textValue(), at);
  }

  private static boolean bool(JsonNode v, String at) throws CardRejectedException {
    if (!v.isBoolean()) {
      throw malformed(at, "must be true or false");
    }
    return v.booleanValue();
  }

  private static JsonNode array(JsonNode v, String at) throws CardRejectedException {
    if (!v.isArray()) {
      throw malformed(at, "must be an array");
    }
    return v;
  }

  private static JsonNode object(JsonNode v, String at) throws CardRejectedException {
    if (!v.isObject()) {
      throw malformed(at, "must be an object");
    }
    return v;
  }

  private static String key(String k, String at) throws CardRejectedException {
    if (k.equals("__proto__")) {
      // JavaScript would set the object's prototype instead of adding the member
      throw malformed(at, "a member may not be named __proto__");
    }
    return text(k, at);
  }

  /** Any JSON, checked for what JavaScript would read differently. */
  private static void checkStruct(JsonNode v, String at) throws CardRejectedException {
    if (v.isObject()) {
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        key(e.getKey(), at);
        checkStruct(e.getValue(), at + "." + e.getKey());
      }
    } else if (v.isArray()) {
      for (JsonNode e : v) {
        checkStruct(e, at);
      }
    } else if (v.isTextual()) {
      text(v.textValue(), at);
    } else if (v.isNumber()) {
      double d = v.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw malformed(at, "holds a number beyond a double's range");
      }
    }
  }

  /** Refuses lone surrogates: JSON.stringify escapes them, UTF-8 cannot carry them. */
  private static String text(String s, String at) throws CardRejectedException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw malformed(at, "holds a lone UTF-16 surrogate");
      }
    }
    return s;
  }

  static CardRejectedException malformed(String at, String what) {
    return new CardRejectedException(CardRejectedException.Reason.MALFORMED_CARD, at + " " + what);
  }
}
