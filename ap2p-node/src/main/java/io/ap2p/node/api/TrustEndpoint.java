package io.ap2p.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.wire.Json;
import io.ap2p.node.api.TasksEndpoint.Reply;
import io.ap2p.node.execution.WorkflowService;
import io.ap2p.node.store.Outcome;
import io.ap2p.node.trust.TrustBook;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /v1/trust}: the node's Tier 1 view (see {@link io.ap2p.node.LocalApi}). {@code GET
 * /v1/trust} lists every peer held, best first ({@code ?limit=N}, default 100, at most 10,000);
 * {@code GET /v1/trust/{peer}} shows one peer with its per-tag scores and its recent outcomes
 * ({@code ?history=N}, default 20, at most 100; a peer never seen answers 200 with score 0 and
 * {@code "known": false}); {@code DELETE /v1/trust/{peer}} forgets the peer (200 with {@code
 * "forgotten": true|false}). A peer id that does not parse is 400.
 */
public final class TrustEndpoint {

  /** The path every trust endpoint starts with. */
  public static final String PATH = "/v1/trust";

  static final int DEFAULT_LIST = 100;
  static final int MAX_LIST = 10_000;
  static final int DEFAULT_HISTORY = 20;

  private final TrustBook book;

  /** The endpoints over {@code book}. */
  public TrustEndpoint(TrustBook book) {
    this.book = book;
  }

  /** Whether {@code path} is one of these endpoints'. */
  public static boolean matches(String path) {
    return path.equals(PATH) || path.startsWith(PATH + "/");
  }

  /** Answers one request (the caller has checked the token). */
  public Reply handle(String method, String rawPath, String rawQuery) {
    String rest = rawPath.substring(PATH.length());
    Map<String, String> query = query(rawQuery);
    try {
      if (rest.isEmpty() || rest.equals("/")) {
        if (!method.equals("GET")) {
          return Reply.error(405, method + " " + PATH + ": use GET");
        }
        return list(number(query, "limit", DEFAULT_LIST, MAX_LIST));
      }
      String id = rest.substring(1);
      if (id.contains("/")) {
        return Reply.error(404, "no such endpoint under " + PATH);
      }
      PeerId peer;
      try {
        peer = PeerId.parse(id);
      } catch (KeyFormatException | IllegalArgumentException e) {
        throw ApiException.badRequest("peer: not a peer id (" + e.getMessage() + ")");
      }
      return switch (method) {
        case "GET" -> show(peer, number(query, "history", DEFAULT_HISTORY, TrustBook.MAX_HISTORY));
        case "DELETE" ->
            Reply.json(
                200,
                Json.MAPPER
                    .createObjectNode()
                    .put("peer", peer.toString())
                    .put("forgotten", book.forget(peer)));
        default -> Reply.error(405, method + " " + PATH + "/{peer}: use GET or DELETE");
      };
    } catch (ApiException e) {
      return Reply.error(e.status(), e.getMessage());
    }
  }

  private Reply list(int limit) {
    List<Reputation.Entry> entries = book.entries();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("halfLifeDays", WorkflowService.REPUTATION_HALF_LIFE.toDays());
    o.put("peers", entries.size());
    ArrayNode list = o.putArray("entries");
    for (Reputation.Entry e : entries.subList(0, Math.min(limit, entries.size()))) {
      list.add(entry(e));
    }
    return Reply.json(200, o);
  }

  private Reply show(PeerId peer, int history) {
    ObjectNode o =
        book.entry(peer)
            .map(TrustEndpoint::entry)
            .orElseGet(
                () ->
                    Json.MAPPER
                        .createObjectNode()
                        .put("peer", peer.toString())
                        .put("score", 0.0)
                        .put("good", 0.0)
                        .put("bad", 0.0)
                        .put("lastAtMillis", 0)
                        .set("tags", Json.MAPPER.createArrayNode()));
    o.put("known", book.entry(peer).isPresent());
    ArrayNode h = o.putArray("history");
    for (Outcome out : book.history(peer, history)) {
      h.addObject()
          .put("tag", out.tag())
          .put("ok", out.ok())
          .put("kind", out.kind())
          .put("atMillis", out.atMillis());
    }
    return Reply.json(200, o);
  }

  /** One entry as JSON: peer, overall score and evidence, per-tag scores (by tag name). */
  static ObjectNode entry(Reputation.Entry e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("peer", e.peer().toString());
    o.put("score", e.overall().score());
    o.put("good", e.overall().good());
    o.put("bad", e.overall().bad());
    o.put("lastAtMillis", e.overall().lastMillis());
    ArrayNode tags = o.putArray("tags");
    Map<String, Reputation.Standing> sorted = new TreeMap<>();
    for (Map.Entry<CapabilityTag, Reputation.Standing> t : e.tags().entrySet()) {
      sorted.put(t.getKey().value(), t.getValue());
    }
    sorted.forEach(
        (tag, s) ->
            tags.addObject()
                .put("tag", tag)
                .put("score", s.score())
                .put("good", s.good())
                .put("bad", s.bad()));
    return o;
  }

  private static int number(Map<String, String> query, String name, int dflt, int max)
      throws ApiException {
    String v = query.get(name);
    if (v == null) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > max) {
      throw ApiException.badRequest(name + ": 1 to " + max);
    }
    return n;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new TreeMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&", 16)) {
      int eq = pair.indexOf('=');
      out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return out;
  }
}
