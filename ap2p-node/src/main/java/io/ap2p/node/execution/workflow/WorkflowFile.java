package io.ap2p.node.execution.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.execution.Step;
import io.ap2p.core.execution.Workflow;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads workflow files (docs/execution.md, "Workflow files"):
 *
 * <pre>
 * { "name": "image-then-publish",
 *   "steps": [
 *     { "name": "generate", "tag": "image.generate", "intent": "optional text",
 *       "input": { "json": {"prompt": "…"} },   // or {"text": …}, {"file": path}, {"base64": …},
 *                                                // {"step": "earlier step"} (its output)
 *       "mediaType": "application/json", "deadline": "30s", "sideEffect": "none" },
 *     { "name": "publish", "tag": "content.publish", "input": {"step": "generate"},
 *       "deadline": "30s", "sideEffect": "irreversible" } ] }
 * </pre>
 *
 * A step without {@code input} takes the output of the step before it (the first step must have
 * one). {@code sideEffect} sets the step's risk: none → low, reversible → medium, irreversible →
 * high (full evidence).
 */
public final class WorkflowFile {

  /** Largest workflow file. */
  public static final int MAX_BYTES = 1 << 20;

  /** Most steps in a workflow. */
  public static final int MAX_STEPS = 32;

  /** Largest input file a step may name. */
  public static final long MAX_INPUT_FILE = 64L << 20;

  /** Deadline of a step that names none. */
  public static final long DEFAULT_DEADLINE_MS = 30_000;

  private static final Set<String> TOP = Set.of("name", "policy", "steps");
  private static final Set<String> STEP =
      Set.of("name", "tag", "intent", "input", "mediaType", "deadline", "sideEffect", "after");

  private WorkflowFile() {}

  /**
   * Parses a workflow; relative input files resolve against {@code baseDir}.
   *
   * @throws WorkflowFileException naming the member at fault
   */
  public static WorkflowSpec parse(byte[] bytes, Path baseDir) throws WorkflowFileException {
    if (bytes.length > MAX_BYTES) {
      throw new WorkflowFileException("workflow file is larger than 1 MiB");
    }
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (JsonFormatException e) {
      throw new WorkflowFileException("not JSON: " + e.getMessage());
    }
    if (!(root instanceof ObjectNode o)) {
      throw new WorkflowFileException("a workflow is a JSON object with \"steps\"");
    }
    unknown(o, TOP, "");
    String name = text(o, "name", "", "name");
    JsonNode steps = o.get("steps");
    if (steps == null || !steps.isArray() || steps.isEmpty()) {
      throw new WorkflowFileException("steps: a non-empty array of steps");
    }
    if (steps.size() > MAX_STEPS) {
      throw new WorkflowFileException("steps: at most " + MAX_STEPS + " steps");
    }
    List<Step> out = new ArrayList<>();
    Map<String, WorkflowSpec.StepInput> inputs = new LinkedHashMap<>();
    String previous = null;
    for (int i = 0; i < steps.size(); i++) {
      String at = "steps[" + i + "]";
      if (!(steps.get(i) instanceof ObjectNode s)) {
        throw new WorkflowFileException(at + ": a step is an object");
      }
      unknown(s, STEP, at + ".");
      Step step = step(s, at, previous, inputs, baseDir);
      if (out.stream().anyMatch(x -> x.name().equals(step.name()))) {
        throw new WorkflowFileException(at + ".name: duplicate step name " + step.name());
      }
      out.add(step);
      previous = step.name();
    }
    String policy = text(o, "policy", "", "policy");
    try {
      WorkflowSpec spec =
          new WorkflowSpec(new Workflow(name.isEmpty() ? "workflow" : name, out), inputs);
      return policy.isEmpty() ? spec : spec.withPolicy(TierPolicy.parse(policy));
    } catch (IllegalArgumentException e) {
      throw new WorkflowFileException(e.getMessage());
    }
  }

  private static Step step(
      ObjectNode s,
      String at,
      String previous,
      Map<String, WorkflowSpec.StepInput> inputs,
      Path baseDir)
      throws WorkflowFileException {
    String name = text(s, "name", "step" + at.replaceAll("\\D", ""), at + ".name");
    if (name.isBlank() || name.length() > 64) {
      throw new WorkflowFileException(at + ".name: 1 to 64 characters");
    }
    String tag = text(s, "tag", "", at + ".tag");
    if (!CapabilityTag.isValid(tag)) {
      throw new WorkflowFileException(
          at + ".tag: a capability tag such as image.generate is required (got '" + tag + "')");
    }
    String intent = text(s, "intent", "", at + ".intent");
    long deadline = duration(text(s, "deadline", "", at + ".deadline"), at + ".deadline");
    SideEffect effect = sideEffect(text(s, "sideEffect", "none", at + ".sideEffect"), at);
    List<String> after = new ArrayList<>();
    JsonNode a = s.get("after");
    if (a != null) {
      if (!a.isArray()) {
        throw new WorkflowFileException(at + ".after: an array of step names");
      }
      for (JsonNode n : a) {
        after.add(n.asText());
      }
    }
    JsonNode input = s.get("input");
    String media = text(s, "mediaType", "", at + ".mediaType");
    if (!media.isEmpty() && !TaskLimits.isValidMediaType(media)) {
      throw new WorkflowFileException(
          at + ".mediaType: 1 to 128 printable ASCII characters, no space at either end");
    }
    if (input == null) {
      if (previous == null) {
        throw new WorkflowFileException(at + ".input: the first step needs an input");
      }
      if (after.isEmpty()) {
        after.add(previous);
      }
    } else if (input.has("step")) {
      String from = input.get("step").asText();
      after.remove(from);
      after.add(0, from);
    } else {
      Bytes bytes = inputBytes(input, at + ".input", baseDir);
      inputs.put(name, new WorkflowSpec.StepInput(bytes, media.isEmpty() ? guess(input) : media));
    }
    try {
      return new Step(name, new CapabilityTag(tag), RiskClass.of(effect), deadline, after, intent);
    } catch (IllegalArgumentException e) {
      throw new WorkflowFileException(at + ": " + e.getMessage());
    }
  }

  private static Bytes inputBytes(JsonNode input, String at, Path baseDir)
      throws WorkflowFileException {
    if (!(input instanceof ObjectNode o) || o.size() != 1) {
      throw new WorkflowFileException(
          at
              + ": one of {\"text\": …}, {\"json\": …}, {\"file\": …}, {\"base64\": …}, {\"step\": …}");
    }
    String kind = o.fieldNames().next();
    JsonNode v = o.get(kind);
    switch (kind) {
      case "text" -> {
        return Bytes.wrap(v.asText().getBytes(StandardCharsets.UTF_8));
      }
      case "json" -> {
        try {
          return Bytes.wrap(Json.MAPPER.writeValueAsBytes(v));
        } catch (IOException e) {
          throw new WorkflowFileException(at + ".json: " + e.getMessage());
        }
      }
      case "base64" -> {
        try {
          return Bytes.wrap(Base64.getDecoder().decode(v.asText()));
        } catch (IllegalArgumentException e) {
          throw new WorkflowFileException(at + ".base64: not base64");
        }
      }
      case "file" -> {
        Path p = baseDir.resolve(v.asText());
        try {
          if (Files.size(p) > MAX_INPUT_FILE) {
            throw new WorkflowFileException(at + ".file: " + p + " is larger than 64 MiB");
          }
          return Bytes.wrap(Files.readAllBytes(p));
        } catch (IOException e) {
          throw new WorkflowFileException(at + ".file: cannot read " + p + ": " + e.getMessage());
        }
      }
      default ->
          throw new WorkflowFileException(
              at + ": unknown input kind '" + kind + "' (text, json, file, base64, step)");
    }
  }

  private static String guess(JsonNode input) {
    if (input.has("json")) {
      return "application/json";
    }
    if (input.has("text")) {
      return "text/plain; charset=utf-8";
    }
    String f = input.has("file") ? input.get("file").asText().toLowerCase(Locale.ROOT) : "";
    if (f.endsWith(".json")) {
      return "application/json";
    }
    if (f.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    if (f.endsWith(".png")) {
      return "image/png";
    }
    return "application/octet-stream";
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 2m} (a bare number is seconds). */
  public static long duration(String text, String at) throws WorkflowFileException {
    if (text.isEmpty()) {
      return DEFAULT_DEADLINE_MS;
    }
    try {
      long ms;
      if (text.endsWith("ms")) {
        ms = Long.parseLong(text.substring(0, text.length() - 2));
      } else if (text.endsWith("s")) {
        ms = Math.multiplyExact(Long.parseLong(text.substring(0, text.length() - 1)), 1000);
      } else if (text.endsWith("m")) {
        ms = Math.multiplyExact(Long.parseLong(text.substring(0, text.length() - 1)), 60_000);
      } else {
        ms = Math.multiplyExact(Long.parseLong(text), 1000);
      }
      if (ms < 1 || ms > 3_600_000) {
        throw new WorkflowFileException(at + ": between 1ms and 60m (got " + text + ")");
      }
      return ms;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new WorkflowFileException(
          at + ": a duration such as 500ms, 30s or 2m (got " + text + ")");
    }
  }

  private static SideEffect sideEffect(String text, String at) throws WorkflowFileException {
    for (SideEffect e : SideEffect.values()) {
      if (e.jsonName().equals(text)) {
        return e;
      }
    }
    throw new WorkflowFileException(
        at + ".sideEffect: none, reversible or irreversible (got '" + text + "')");
  }

  private static String text(ObjectNode o, String field, String dflt, String at)
      throws WorkflowFileException {
    JsonNode n = o.get(field);
    if (n == null) {
      return dflt;
    }
    if (!n.isTextual()) {
      throw new WorkflowFileException(at + ": must be a string");
    }
    return n.asText();
  }

  private static void unknown(ObjectNode o, Set<String> known, String at)
      throws WorkflowFileException {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new WorkflowFileException(at + f + ": unknown member (known: " + known + ")");
      }
    }
  }

  /** The paper's workflow: generate an image from a prompt, then publish it. */
  public static String example() {
    return """
        {
          "name": "image-then-publish",
          "steps": [
            {
              "name": "generate",
              "tag": "image.generate",
              "input": {"json": {"prompt": "a watercolor fox in a snowy forest", "width": 256, "height": 256}},
              "deadline": "30s",
              "sideEffect": "none"
            },
            {
              "name": "publish",
              "tag": "content.publish",
              "input": {"step": "generate"},
              "deadline": "30s",
              "sideEffect": "irreversible"
            }
          ]
        }
        """;
  }
}
