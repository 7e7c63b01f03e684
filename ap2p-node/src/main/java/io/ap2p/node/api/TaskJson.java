package io.ap2p.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.TaskRun;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs as JSON, the answers of {@code GET /v1/tasks} and {@code GET /v1/tasks/{id}}:
 *
 * <pre>
 * {"id": "…", "kind": "workflow", "state": "SUCCEEDED", "detail": "",
 *  "steps": [{"name": "generate", "state": "SUCCEEDED", "progress": 1.0, "progressMessage": "…",
 *             "attempts": 1, "canaries": 0, "provider": "12D3KooW…", "capability": "image-gen",
 *             "mediaType": "image/png", "detail": "", "failures": [],
 *             "receipt": {"taskId": …, "inputSha256": …, "outputSha256": …, "tool": …, …} | null,
 *             "output": {"size": 1234, "sha256": "…", "base64": "… (when asked)"} | null}]}
 * </pre>
 *
 * An output's SHA-256 is computed once per step and remembered, so polling stays cheap.
 */
public final class TaskJson {

  private static final int DIGESTS_KEPT = 4096;

  private final Map<String, String> digests =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > DIGESTS_KEPT;
        }
      };

  /** The run with every step; outputs inline (base64) for the steps {@code withOutput} names. */
  public ObjectNode full(TaskRun.Snapshot s, Predicate<String> withOutput) {
    ObjectNode o = head(s);
    ArrayNode steps = o.putArray("steps");
    for (TaskRun.StepView v : s.steps()) {
      ObjectNode j = steps.addObject();
      j.put("name", v.name());
      j.put("state", v.state().name());
      j.put("progress", v.progress());
      j.put("progressMessage", v.progressMessage());
      j.put("attempts", v.attempts());
      j.put("canaries", v.canaries());
      j.put("canaryBytes", v.canaryBytes());
      j.put("canaryMillis", v.canaryMillis());
      v.provider()
          .ifPresentOrElse(p -> j.put("provider", p.toString()), () -> j.putNull("provider"));
      j.put("capability", v.capability());
      j.put("mediaType", v.mediaType());
      j.put("detail", v.detail());
      ArrayNode failures = j.putArray("failures");
      v.failures().forEach(failures::add);
      v.receipt().ifPresentOrElse(r -> j.set("receipt", receipt(r)), () -> j.putNull("receipt"));
      if (v.output().isPresent()) {
        Bytes out = v.output().get();
        ObjectNode oj = j.putObject("output");
        oj.put("size", out.length());
        oj.put("sha256", digest(s.id() + "/" + v.name(), out));
        if (withOutput.test(v.name())) {
          oj.put("base64", Base64.getEncoder().encodeToString(out.toByteArray()));
        }
      } else {
        j.putNull("output");
      }
    }
    return o;
  }

  /** The run in brief, for lists: its id, kind, state, detail and each step's state. */
  public ObjectNode summary(TaskRun.Snapshot s) {
    ObjectNode o = head(s);
    ArrayNode steps = o.putArray("steps");
    for (TaskRun.StepView v : s.steps()) {
      steps.addObject().put("name", v.name()).put("state", v.state().name());
    }
    return o;
  }

  private static ObjectNode head(TaskRun.Snapshot s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", s.id());
    o.put("kind", s.kind());
    o.put("state", s.state().name());
    o.put("detail", s.detail());
    return o;
  }

  /**
   * A receipt's summary: who, which task, hashes, tool, version, times, trace (name, version,
   * digest in hex, each only when given), attestation.
   */
  public static ObjectNode receipt(SignedReceipt r) {
    SignedReceipt.Body b = r.body();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("provider", b.provider().toString());
    o.put("taskId", b.taskId());
    o.put("inputSha256", b.inputDigest().toHex());
    o.put("outputSha256", b.outputDigest().toHex());
    o.put("tool", b.tool());
    o.put("version", b.version());
    o.put("startedAtMillis", b.startedAtMillis());
    o.put("finishedAtMillis", b.finishedAtMillis());
    o.put("startedAt", Instant.ofEpochMilli(b.startedAtMillis()).toString());
    o.put("finishedAt", Instant.ofEpochMilli(b.finishedAtMillis()).toString());
    o.put("previous", b.previous().toHex());
    o.put("hash", r.hash().toHex());
    var trace = o.putArray("trace");
    for (io.ap2p.core.trust.Trace.Entry e : b.trace().entries()) {
      ObjectNode t = trace.addObject();
      t.put("name", e.name());
      if (!e.version().isEmpty()) {
        t.put("version", e.version());
      }
      if (e.digest().length() > 0) {
        t.put("digest", e.digest().toHex());
      }
    }
    r.attestation()
        .ifPresentOrElse(
            a -> o.put("attestor", a.attestor().toString()), () -> o.putNull("attestor"));
    return o;
  }

  private String digest(String key, Bytes output) {
    synchronized (digests) {
      String d = digests.get(key);
      if (d != null) {
        return d;
      }
    }
    String d = sha256(output);
    synchronized (digests) {
      digests.put(key, d);
    }
    return d;
  }

  /** SHA-256 of {@code b}, lower-case hex. */
  public static String sha256(Bytes b) {
    try {
      return Bytes.wrap(MessageDigest.getInstance("SHA-256").digest(b.toByteArray())).toHex();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
