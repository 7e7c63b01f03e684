package io.ap2p.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.execution.Step;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.execution.workflow.WorkflowFileException;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Workflows in request bodies: the workflow file format ({@link WorkflowFile}) with every input
 * inline. {@link #write} turns a parsed workflow (its files already read) back into that form, with
 * each step's own input as base64 and its media type spelled out; {@link #read} parses it, taking
 * base64 inputs up to 64 MiB (past the workflow file's own 1 MiB bound, which applies to the rest)
 * and refusing {@code file} inputs: the API reads no files on a caller's behalf.
 */
public final class WorkflowJson {

  private static final Pattern MEMBER_PATH =
      Pattern.compile("^[A-Za-z0-9_\\[\\].]+: .*", Pattern.DOTALL);

  private WorkflowJson() {}

  /** {@code spec} as a workflow file with inline inputs; {@link #read} gives it back. */
  public static ObjectNode write(WorkflowSpec spec) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", spec.workflow().name());
    spec.policy().ifPresent(p -> o.put("policy", p.label()));
    ArrayNode steps = o.putArray("steps");
    for (Step s : spec.workflow().steps()) {
      ObjectNode j = steps.addObject();
      j.put("name", s.name());
      j.put("tag", s.tag().value());
      if (!s.intent().isEmpty()) {
        j.put("intent", s.intent());
      }
      WorkflowSpec.StepInput own = spec.inputs().get(s.name());
      if (own != null) {
        j.putObject("input")
            .put("base64", Base64.getEncoder().encodeToString(own.bytes().toByteArray()));
        j.put("mediaType", own.mediaType());
      }
      j.put("deadline", s.deadlineMs() + "ms");
      j.put(
          "sideEffect",
          switch (s.risk()) {
            case LOW -> "none";
            case MEDIUM -> "reversible";
            case HIGH -> "irreversible";
          });
      ArrayNode after = j.putArray("after");
      s.after().forEach(after::add);
    }
    return o;
  }

  /**
   * Reads a workflow with inline inputs; errors name the member under {@code at}.
   *
   * @throws ApiException (400) naming the member at fault, (413) for an input over 64 MiB
   */
  public static WorkflowSpec read(JsonNode workflow, String at) throws ApiException {
    if (!(workflow instanceof ObjectNode o)) {
      throw ApiException.badRequest(at + ": a workflow object with \"steps\"");
    }
    ObjectNode copy = o.deepCopy();
    Map<Integer, WorkflowSpec.StepInput> inline = new LinkedHashMap<>();
    long total = 0;
    JsonNode steps = copy.get("steps");
    if (steps != null && steps.isArray()) {
      for (int i = 0; i < steps.size(); i++) {
        String where = at + ".steps[" + i + "].input";
        if (!(steps.get(i) instanceof ObjectNode step)
            || !(step.get("input") instanceof ObjectNode input)) {
          continue;
        }
        if (input.has("file")) {
          throw ApiException.badRequest(
              where + ".file: the API reads no files; send the content as {\"base64\": …}");
        }
        JsonNode b64 = input.get("base64");
        if (b64 == null || input.size() != 1 || !b64.isTextual()) {
          continue;
        }
        Bytes bytes;
        try {
          bytes = Bytes.wrap(Base64.getDecoder().decode(b64.asText()));
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest(where + ".base64: not base64");
        }
        total += bytes.length();
        if (total > ApiJson.MAX_INPUT) {
          throw new ApiException(413, where + ".base64: the inputs add up to more than 64 MiB");
        }
        JsonNode media = step.get("mediaType");
        inline.put(
            i,
            new WorkflowSpec.StepInput(
                bytes,
                media != null && media.isTextual() && !media.asText().isBlank()
                    ? media.asText()
                    : "application/octet-stream"));
        step.putObject("input").put("text", "");
      }
    }
    WorkflowSpec parsed;
    try {
      parsed = WorkflowFile.parse(Json.MAPPER.writeValueAsBytes(copy), Path.of(""));
    } catch (WorkflowFileException e) {
      String m = e.getMessage();
      throw ApiException.badRequest(at + (MEMBER_PATH.matcher(m).matches() ? "." : ": ") + m);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(at + ": " + e.getOriginalMessage());
    }
    if (inline.isEmpty()) {
      return parsed;
    }
    Map<String, WorkflowSpec.StepInput> inputs = new LinkedHashMap<>();
    for (int i = 0; i < parsed.workflow().steps().size(); i++) {
      String name = parsed.workflow().steps().get(i).name();
      WorkflowSpec.StepInput in = inline.getOrDefault(i, parsed.inputs().get(name));
      if (in != null) {
        inputs.put(name, in);
      }
    }
    // keep the policy: a workflow sent with inline inputs is verified as it asks too
    return new WorkflowSpec(parsed.workflow(), inputs, parsed.policy());
  }
}
