package io.ap2p.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.api.TasksEndpoint.Reply;
import io.ap2p.node.discovery.DhtFinder;
import io.ap2p.node.discovery.Finder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/find}: discovery through the running node, ranked with its own trust view. The
 * body is a query, every member optional but a text or a tag:
 *
 * <pre>
 * {"text": "generate an image", "tags": ["image.generate"], "maxLatencyMs": 0, "maxPrice": 0.5,
 *  "region": "eu", "maxSideEffect": "irreversible", "minTier": 1, "limit": 10}
 * </pre>
 *
 * The answer is {@code {"returned": n, "rejected": n, "matches": [{"peer", "capability", "name",
 * "tags", "score", "trust", "known", "why", "addrs", "descriptor"}]}}, best first (the same as
 * {@code ap2p find --json}). 400 names the member at fault (or says the DHT needs a tag), 413 for a
 * body over 64 KiB, 502 when the registry or the DHT cannot be asked.
 */
public final class FindEndpoint {

  /** The path of the endpoint. */
  public static final String PATH = "/v1/find";

  /** Largest query body. */
  public static final int MAX_BODY = 64 << 10;

  private static final Set<String> MEMBERS =
      Set.of(
          "text",
          "tags",
          "maxLatencyMs",
          "maxPrice",
          "region",
          "maxSideEffect",
          "minTier",
          "limit");

  private final Node node;

  /** The endpoint of {@code node}. */
  public FindEndpoint(Node node) {
    this.node = node;
  }

  /** Whether {@code path} is this endpoint's. */
  public static boolean matches(String path) {
    return path.equals(PATH);
  }

  /** Answers one request (the caller has checked the token). */
  public Reply handle(String method, InputStream body, long contentLength) throws IOException {
    if (!method.equals("POST")) {
      return Reply.error(405, method + " " + PATH + ": use POST with a JSON query");
    }
    try {
      if (contentLength > MAX_BODY) {
        throw new ApiException(413, "the query is larger than 64 KiB");
      }
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new ApiException(413, "the query is larger than 64 KiB");
      }
      return Reply.json(200, json(find(node, query(ApiJson.parse(bytes)))));
    } catch (ApiException e) {
      return Reply.error(e.status(), e.getMessage());
    }
  }

  /**
   * Asks {@code node}'s discovery (its registry, or the DHT) for {@code query}, ranked with the
   * node's own trust in each provider.
   *
   * @throws ApiException 400 when the node cannot answer such a query, 502 when discovery fails
   */
  public static Finder.Result find(Node node, Query query) throws ApiException {
    TrustView trust = trust(node);
    if (node.dht().isPresent()) {
      if (query.tags().isEmpty()) {
        throw ApiException.badRequest(
            "tags: required in DHT mode (the DHT is keyed by capability tags, not text)");
      }
      long start = System.nanoTime();
      try {
        Finder.Result r =
            new DhtFinder(node.dht().get(), node.clock(), revocations(node)).find(query, trust);
        node.metrics().queried("dht", true, System.nanoTime() - start); // docs/metrics.md
        return r;
      } catch (IOException e) {
        node.metrics().queried("dht", false, System.nanoTime() - start);
        throw new ApiException(502, "the DHT cannot be asked: " + e.getMessage());
      }
    }
    Optional<Multiaddr> registry =
        node.options()
            .registryPeer()
            .or(
                () ->
                    node.registry()
                        .map(
                            r ->
                                node.host().listenAddrs().get(0).withPeerId(node.host().peerId())));
    if (registry.isEmpty()) {
      throw ApiException.badRequest("this node has no registry and no DHT to ask");
    }
    long start = System.nanoTime();
    try {
      Finder.Result r =
          new Finder(node.host(), node.clock(), revocations(node))
              .find(registry.get(), query, trust);
      node.metrics().queried("registry", true, System.nanoTime() - start); // docs/metrics.md
      return r;
    } catch (IOException e) {
      node.metrics().queried("registry", false, System.nanoTime() - start);
      throw new ApiException(502, "cannot ask the registry " + registry.get() + ": " + e);
    }
  }

  /** The node's trust view, read under the lock its runs share. */
  static TrustView trust(Node node) {
    return new TrustView() {
      @Override
      public double score(PeerId peer, CapabilityTag tag) {
        return node.trust().withReputation(r -> r.score(peer, tag));
      }

      @Override
      public boolean known(PeerId peer) {
        return node.trust().withReputation(r -> r.known(peer));
      }
    };
  }

  /** The matches as JSON, best first. */
  public static ObjectNode json(Finder.Result r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("returned", r.returned());
    o.put("rejected", r.rejected());
    ArrayNode list = o.putArray("matches");
    for (Match m : r.matches()) {
      CapabilityDescriptor d = m.descriptor().descriptor();
      ObjectNode e = list.addObject();
      e.put("peer", d.peer().toString());
      e.put("capability", d.id());
      e.put("name", d.intent().name());
      ArrayNode tags = e.putArray("tags");
      d.intent().tags().forEach(t -> tags.add(t.value()));
      e.put("score", m.score().total());
      e.put("trust", m.score().trust());
      e.put("known", m.score().known());
      e.put("why", m.score().why());
      ArrayNode addrs = e.putArray("addrs");
      d.addrs().forEach(addrs::add);
      e.set("descriptor", m.descriptor().toTree());
    }
    return o;
  }

  /**
   * Reads a query body.
   *
   * @throws ApiException (400) naming the member at fault
   */
  public static Query query(JsonNode body) throws ApiException {
    if (!body.isObject()) {
      throw ApiException.badRequest("the query must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!MEMBERS.contains(n)) {
        throw ApiException.badRequest(n + ": unknown member; expected one of " + MEMBERS);
      }
    }
    String text = string(body, "text", Query.MAX_TEXT).orElse("");
    List<CapabilityTag> tags = new ArrayList<>();
    JsonNode t = body.path("tags");
    if (!t.isMissingNode() && !t.isNull()) {
      if (!t.isArray() || t.size() > Query.MAX_TAGS) {
        throw ApiException.badRequest("tags: an array of at most " + Query.MAX_TAGS + " tags");
      }
      for (JsonNode tag : t) {
        if (!tag.isTextual() || !CapabilityTag.isValid(tag.asText())) {
          throw ApiException.badRequest(
              "tags: each a capability tag such as image.generate (got " + tag + ")");
        }
        tags.add(new CapabilityTag(tag.asText()));
      }
    }
    if (text.isBlank() && tags.isEmpty()) {
      throw ApiException.badRequest("text or tags: say what you need");
    }
    long maxLatency = number(body, "maxLatencyMs", 0, 3_600_000, 0);
    Optional<Double> maxPrice = Optional.empty();
    JsonNode p = body.path("maxPrice");
    if (!p.isMissingNode() && !p.isNull()) {
      if (!p.isNumber() || !Double.isFinite(p.asDouble()) || p.asDouble() < 0) {
        throw ApiException.badRequest("maxPrice: a number, 0 or more");
      }
      maxPrice = Optional.of(p.asDouble());
    }
    Optional<String> region = string(body, "region", 64);
    SideEffect effect = SideEffect.IRREVERSIBLE;
    Optional<String> e = string(body, "maxSideEffect", 32);
    if (e.isPresent()) {
      effect = null;
      for (SideEffect s : SideEffect.values()) {
        if (s.jsonName().equals(e.get())) {
          effect = s;
        }
      }
      if (effect == null) {
        throw ApiException.badRequest("maxSideEffect: none, reversible or irreversible");
      }
    }
    int minTier = (int) number(body, "minTier", 1, 3, 1);
    int limit = (int) number(body, "limit", 1, Query.MAX_LIMIT, 10);
    try {
      return new Query(text, tags, maxLatency, maxPrice, region, effect, minTier, limit);
    } catch (IllegalArgumentException ex) {
      throw ApiException.badRequest(ex.getMessage());
    }
  }

  private static Optional<String> string(JsonNode body, String name, int max) throws ApiException {
    JsonNode v = body.path(name);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().length() > max) {
      throw ApiException.badRequest(name + ": a string of at most " + max + " characters");
    }
    return Optional.of(v.asText());
  }

  private static long number(JsonNode body, String name, long min, long max, long dflt)
      throws ApiException {
    JsonNode v = body.path(name);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiException.badRequest(name + ": an integer from " + min + " to " + max);
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw ApiException.badRequest(name + ": an integer from " + min + " to " + max);
    }
    return n;
  }

  /** What the node's finders refuse (docs/revocation.md). */
  private static java.util.Optional<io.ap2p.node.trust.RevocationBook> revocations(Node node) {
    return java.util.Optional.ofNullable(node.trust()).map(t -> t.revocations());
  }
}
