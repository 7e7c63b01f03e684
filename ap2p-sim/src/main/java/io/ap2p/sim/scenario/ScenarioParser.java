package io.ap2p.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Json;
import io.ap2p.sim.churn.ChurnConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads scenario files (JSON). Every key has a default; an unknown key or a bad value is an error
 * naming its JSON path; a list for a sweepable key is a sweep.
 */
public final class ScenarioParser {

  /** Largest scenario file read. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Not a key: whether the stale-answer meter runs (see {@link ChurnConfig#meter}). */
  private static final String METER = " meter";

  /** Most points one scenario may expand to. */
  public static final int MAX_POINTS = 10_000;

  private record Key(String name, Object def, double min, double max) {}

  private static final List<Key> KEYS =
      List.of(
          new Key("peers", 100, 2, 10_000_000),
          new Key("sybilFraction", 0.0, 0, 0.95),
          new Key("adversary", "sybil", 0, 0),
          new Key("canaryEvasion", 0.0, 0, 1),
          new Key("whitewashAfter", 3, 1, 1_000_000),
          new Key("feedbackSharing", false, 0, 0),
          new Key("ttlSeconds", 30, 1, 86_400),
          new Key("driftMeanSeconds", 300.0, 0.1, 1e9),
          new Key("durationSeconds", 300.0, 1, 1e7),
          new Key("workflowsPerSecond", 1.0, 0.001, 1e6),
          new Key("requesters", 10, 1, 1_000_000),
          new Key("stepDeadlineSeconds", 30.0, 0.1, 3600),
          new Key("linkMedianMs", 40.0, 0, 10_000),
          new Key("linkSigma", 0.5, 0, 3),
          new Key("registryLinkMedianMs", 30.0, 0, 10_000),
          new Key("registryServiceMs", 2.0, 0, 10_000),
          new Key("registryPerEntryUs", 2.0, 0, 10_000),
          new Key("sybilRefreshSeconds", 5.0, 1, 86_400),
          new Key("sybilWrong", 0.6, 0, 1),
          new Key("sybilTimeout", 0.2, 0, 1),
          new Key("honestWrongRate", 0.01, 0, 1),
          new Key("degradedWrongRate", 0.3, 0, 1),
          new Key("discovery", "registry", 0, 0),
          new Key("signatures", "real", 0, 0),
          new Key("capabilities", 2, 2, 100_000),
          new Key("joinSeconds", 1.0, 0.001, 86_400),
          new Key("registryExplore", -1.0, -1, 1),
          new Key("canaryPlacement", "before", 0, 0),
          new Key("spotChecks", 0.0, 0, 1),
          new Key("registryRanking", "node", 0, 0),
          new Key("defences", "none", 0, 0),
          // churn (io.ap2p.sim.churn): off unless sessionMeanSeconds > 0
          new Key("sessionMeanSeconds", 0.0, 0, 1e7),
          new Key("sessionShape", 0.5, 0.1, 10),
          new Key("availability", 0.5, 0.01, 0.99),
          new Key("coldStartSeconds", 0.0, 0, 3600),
          new Key("canarySource", "fresh", 0, 0),
          new Key("canarySetSize", 100, 1, 1_000_000),
          new Key("attestors", 5, 1, 1000),
          new Key("attestorAvailability", 0.95, 0, 1),
          new Key("attestorCollusion", 0.0, 0, 1),
          new Key("adversaryClaimsAttestation", true, 0, 0),
          // sybil-scale (ScaleModel): the registry's service model
          new Key("registryRegisterMs", -1.0, -1, 10_000),
          new Key("registryCores", 1, 1, 64),
          // a price on identities, and honest newcomers joining mid-run
          new Key("identityCostSeconds", 0.0, 0, 1e7),
          new Key("adversaryCores", 16.0, 0.001, 1e7),
          new Key("newcomerAtSeconds", 0.0, 0, 1e7),
          new Key("adversaryStockpile", 0, 0, 1_000_000_000),
          new Key("newcomers", 2, 1, 1000),
          new Key("newcomerEverySeconds", 0.0, 0, 1e7),
          // requester-side exploration (core's Exploration): an untested stranger first
          new Key("explore", 0.0, 0, 1),
          new Key("exploreMaxRisk", "medium", 0, 0),
          // each step's attempt budget (core's WorkflowRun.Context#attempts; the policy's is 3)
          new Key("attempts", 3, 1, 100),
          // the deadline adversary descriptors claim, which bounds a requester's wait on one
          new Key("sybilDeadlineSeconds", 5.0, 0.1, 3600));

  private static final List<String> ADVERSARIES =
      List.of("sybil", "canary-evader", "whitewasher", "colluder", "silent");

  private ScenarioParser() {}

  /** The defaults of every key, as a JSON object (what {@code sim show} prints as a base). */
  public static ObjectNode defaults() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (Key k : KEYS) {
      o.set(k.name(), Json.MAPPER.valueToTree(k.def()));
    }
    return o;
  }

  /** Parses {@code text}, applying {@code overrides} ("key=value", value as JSON or a string). */
  public static Scenario parse(String fallbackName, String text, List<String> overrides)
      throws ScenarioException {
    if (text.length() > MAX_BYTES) {
      throw new ScenarioException("scenario file larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new ScenarioException("scenario is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException("$: a scenario is a JSON object");
    }
    ObjectNode o = (ObjectNode) root.deepCopy();
    for (String ov : overrides) {
      int eq = ov.indexOf('=');
      if (eq <= 0) {
        throw new ScenarioException("--set " + ov + ": expected key=value");
      }
      String key = ov.substring(0, eq);
      String value = ov.substring(eq + 1);
      JsonNode v;
      try {
        v = Json.MAPPER.readTree(value);
      } catch (Exception e) {
        v = JsonNodeFactory.instance.textNode(value);
      }
      o.set(key, v == null ? JsonNodeFactory.instance.textNode(value) : v);
    }
    String name = text(o, "name", fallbackName);
    String description = text(o, "description", "");
    int seeds = (int) number(o.get("seeds"), "$.seeds", 3, 1, 10_000);
    List<TierPolicy> policies = policies(o.get("policies"));
    Map<String, List<Object>> values = new LinkedHashMap<>();
    for (Key k : KEYS) {
      values.put(k.name(), values(o.get(k.name()), k));
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("name")
          && !f.equals("description")
          && !f.equals("seeds")
          && !f.equals("policies")
          && KEYS.stream().noneMatch(k -> k.name().equals(f))) {
        throw new ScenarioException(
            "$."
                + f
                + ": unknown key (known: name, description, seeds, policies, "
                + String.join(", ", KEYS.stream().map(Key::name).toList())
                + ")");
      }
    }
    List<Point> points = new ArrayList<>();
    Map<String, Object> chosen = new LinkedHashMap<>();
    // the stale-answer meter runs at every point of a scenario some of whose points churn
    chosen.put(
        METER,
        values.get("sessionMeanSeconds").stream().anyMatch(v -> ((Number) v).doubleValue() > 0));
    expand(name, values, new ArrayList<>(values.keySet()), 0, chosen, points);
    return new Scenario(name, description, points, policies, seeds);
  }

  private static void expand(
      String name,
      Map<String, List<Object>> values,
      List<String> keys,
      int i,
      Map<String, Object> chosen,
      List<Point> out)
      throws ScenarioException {
    if (i == keys.size()) {
      if (out.size() == MAX_POINTS) {
        throw new ScenarioException("scenario expands to more than " + MAX_POINTS + " points");
      }
      out.add(point(name, chosen));
      return;
    }
    for (Object v : values.get(keys.get(i))) {
      chosen.put(keys.get(i), v);
      expand(name, values, keys, i + 1, chosen, out);
    }
  }

  private static Point point(String name, Map<String, Object> c) throws ScenarioException {
    double sw = d(c, "sybilWrong");
    double st = d(c, "sybilTimeout");
    if (sw + st > 1) {
      throw new ScenarioException("$.sybilWrong + $.sybilTimeout must be at most 1");
    }
    String discovery = (String) c.get("discovery");
    if (!discovery.equals("registry") && !discovery.equals("dht")) {
      throw new ScenarioException(
          "$.discovery: must be 'registry' or 'dht', not '" + discovery + "'");
    }
    String sig = (String) c.get("signatures");
    if (!sig.equals("real") && !sig.equals("model")) {
      throw new ScenarioException("$.signatures: must be 'real' or 'model', not '" + sig + "'");
    }
    String placement = (String) c.get("canaryPlacement");
    if (!List.of("before", "alongside", "mixed").contains(placement)) {
      throw new ScenarioException(
          "$.canaryPlacement: must be 'before', 'alongside' or 'mixed', not '" + placement + "'");
    }
    String ranking = (String) c.get("registryRanking");
    if (!ranking.equals("node") && !ranking.equals("paper")) {
      throw new ScenarioException(
          "$.registryRanking: must be 'node' or 'paper', not '" + ranking + "'");
    }
    String defences = (String) c.get("defences");
    try {
      Defences.parse(defences);
    } catch (IllegalArgumentException e) {
      throw new ScenarioException("$.defences: " + e.getMessage());
    }
    String canarySource = (String) c.get("canarySource");
    if (!canarySource.equals("fresh") && !canarySource.equals("set")) {
      throw new ScenarioException(
          "$.canarySource: must be 'fresh' or 'set', not '" + canarySource + "'");
    }
    double registerMs = d(c, "registryRegisterMs");
    if (registerMs < 0 && registerMs != -1) {
      throw new ScenarioException(
          "$.registryRegisterMs: -1 (registrations cost what queries cost, registryServiceMs) or"
              + " 0..10000 ms (0: free), not "
              + registerMs);
    }
    double lastNewcomer =
        d(c, "newcomerAtSeconds") + (d(c, "newcomers") - 1) * d(c, "newcomerEverySeconds");
    if (d(c, "newcomerAtSeconds") > 0 && lastNewcomer >= d(c, "durationSeconds")) {
      throw new ScenarioException(
          "$.newcomerAtSeconds: the last newcomer decides at "
              + lastNewcomer
              + " s (newcomerAtSeconds + (newcomers - 1) * newcomerEverySeconds), not before"
              + " the run's end at durationSeconds = "
              + d(c, "durationSeconds")
              + " s: it could never be selected");
    }
    String exploreMaxRisk = (String) c.get("exploreMaxRisk");
    if (!List.of("low", "medium", "high").contains(exploreMaxRisk)) {
      throw new ScenarioException(
          "$.exploreMaxRisk: must be 'low', 'medium' or 'high', not '" + exploreMaxRisk + "'");
    }
    String adv = (String) c.get("adversary");
    if (!ADVERSARIES.contains(adv)) {
      throw new ScenarioException("$.adversary: '" + adv + "' is not one of " + ADVERSARIES);
    }
    return new Point(
        name,
        (int) d(c, "peers"),
        d(c, "sybilFraction"),
        adv,
        d(c, "canaryEvasion"),
        (int) d(c, "whitewashAfter"),
        (Boolean) c.get("feedbackSharing"),
        (long) d(c, "ttlSeconds"),
        d(c, "driftMeanSeconds"),
        d(c, "durationSeconds"),
        d(c, "workflowsPerSecond"),
        (int) d(c, "requesters"),
        d(c, "stepDeadlineSeconds"),
        d(c, "linkMedianMs"),
        d(c, "linkSigma"),
        d(c, "registryLinkMedianMs"),
        d(c, "registryServiceMs"),
        d(c, "registryPerEntryUs"),
        d(c, "sybilRefreshSeconds"),
        sw,
        st,
        d(c, "honestWrongRate"),
        d(c, "degradedWrongRate"),
        discovery,
        sig,
        (int) d(c, "capabilities"),
        d(c, "joinSeconds"),
        d(c, "registryExplore"),
        placement,
        d(c, "spotChecks"),
        ranking,
        defences,
        new ChurnConfig(
            d(c, "sessionMeanSeconds"),
            d(c, "sessionShape"),
            d(c, "availability"),
            d(c, "coldStartSeconds"),
            (Boolean) c.get(METER) || d(c, "sessionMeanSeconds") > 0),
        canarySource,
        (int) d(c, "canarySetSize"),
        (int) d(c, "attestors"),
        d(c, "attestorAvailability"),
        d(c, "attestorCollusion"),
        (Boolean) c.get("adversaryClaimsAttestation"),
        new ScaleModel(
            d(c, "registryRegisterMs"),
            (int) d(c, "registryCores"),
            d(c, "identityCostSeconds"),
            d(c, "adversaryCores"),
            (long) d(c, "adversaryStockpile"),
            d(c, "newcomerAtSeconds"),
            (int) d(c, "newcomers"),
            d(c, "newcomerEverySeconds")),
        d(c, "explore"),
        exploreMaxRisk,
        (int) d(c, "attempts"),
        d(c, "sybilDeadlineSeconds"));
  }

  private static double d(Map<String, Object> c, String k) {
    return ((Number) c.get(k)).doubleValue();
  }

  private static List<Object> values(JsonNode n, Key k) throws ScenarioException {
    String path = "$." + k.name();
    if (n == null || n.isNull()) {
      return List.of(k.def());
    }
    List<Object> out = new ArrayList<>();
    if (n.isArray()) {
      if (n.isEmpty() || n.size() > 1000) {
        throw new ScenarioException(path + ": a sweep needs 1..1000 values");
      }
      for (int i = 0; i < n.size(); i++) {
        out.add(value(n.get(i), k, path + "[" + i + "]"));
      }
    } else {
      out.add(value(n, k, path));
    }
    return out;
  }

  private static Object value(JsonNode n, Key k, String path) throws ScenarioException {
    if (n.isNull()) { // inside a sweep: a null would otherwise slip past the range check as 0
      throw new ScenarioException(path + ": must not be null");
    }
    Object def = k.def();
    if (def instanceof String) {
      if (!n.isTextual()) {
        throw new ScenarioException(path + ": must be a string");
      }
      return n.asText();
    }
    if (def instanceof Boolean) {
      if (!n.isBoolean()) {
        throw new ScenarioException(path + ": must be true or false");
      }
      return n.asBoolean();
    }
    double v = number(n, path, 0, k.min(), k.max());
    if (def instanceof Integer && v != Math.rint(v)) {
      throw new ScenarioException(path + ": must be a whole number, not " + n);
    }
    return v;
  }

  private static double number(JsonNode n, String path, double def, double min, double max)
      throws ScenarioException {
    if (n == null || n.isNull()) {
      return def;
    }
    if (!n.isNumber()) {
      throw new ScenarioException(path + ": must be a number, not " + n);
    }
    double v = n.asDouble();
    if (!(v >= min && v <= max)) {
      throw new ScenarioException(path + ": " + n + " is outside " + min + ".." + max);
    }
    return v;
  }

  private static String text(ObjectNode o, String key, String def) throws ScenarioException {
    JsonNode n = o.get(key);
    if (n == null) {
      return def;
    }
    if (!n.isTextual() || n.asText().length() > 200) {
      throw new ScenarioException("$." + key + ": must be a string of at most 200 characters");
    }
    return n.asText();
  }

  private static List<TierPolicy> policies(JsonNode n) throws ScenarioException {
    if (n == null) {
      return TierPolicy.PAPER;
    }
    ArrayNode arr;
    if (n.isTextual()) {
      arr = JsonNodeFactory.instance.arrayNode().add(n.asText());
    } else if (n.isArray() && !n.isEmpty()) {
      arr = (ArrayNode) n;
    } else {
      throw new ScenarioException("$.policies: a non-empty list of policy names");
    }
    List<TierPolicy> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      try {
        TierPolicy p = TierPolicy.parse(arr.get(i).asText());
        if (!out.contains(p)) {
          out.add(p);
        }
      } catch (IllegalArgumentException e) {
        throw new ScenarioException("$.policies[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }
}
