package io.ap2p.core.trust.dispute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dispute bundle as JSON (pretty-printed, readable by hand). Binary fields are base64url without
 * padding, digests and nonces hex:
 *
 * <pre>
 * { "format": "ap2p-dispute/1", "task": "...", "exporter": "12D3KooW...",
 *   "steps": [ { "step": "run/step", "sentTaskId": "...", "descriptor": "base64url(JSON)",
 *                "requestDigest": "hex", "nonce": "hex", "receipt": "base64url(protobuf)" } ] }
 * </pre>
 *
 * Decoding refuses a bundle over {@link #MAX_BYTES}, a depth over {@link Json#MAX_DEPTH}, an
 * unknown format or member, and any field out of its limits, with a {@link DisputeException}.
 */
public final class DisputeCodec {

  /** Largest bundle read. */
  public static final int MAX_BYTES = 1 << 20;

  /** Largest descriptor in a bundle (the descriptor policy's own bound is lower). */
  public static final int MAX_DESCRIPTOR = 64 * 1024;

  private static final Set<String> TOP = Set.of("format", "task", "exporter", "steps");
  private static final Set<String> STEP =
      Set.of("step", "sentTaskId", "descriptor", "requestDigest", "nonce", "receipt");

  private DisputeCodec() {}

  /** The bundle's JSON bytes. */
  public static Bytes encode(DisputeBundle b) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", DisputeBundle.FORMAT);
    root.put("task", b.task());
    root.put("exporter", b.exporter());
    ArrayNode steps = root.putArray("steps");
    for (DisputeBundle.Step s : b.steps()) {
      ObjectNode o = steps.addObject();
      o.put("step", s.step());
      s.sentTaskId().ifPresent(t -> o.put("sentTaskId", t));
      s.descriptor().ifPresent(d -> o.put("descriptor", b64(d)));
      s.requestDigest().ifPresent(d -> o.put("requestDigest", d.toHex()));
      s.nonce().ifPresent(n -> o.put("nonce", n.toHex()));
      o.put("receipt", b64(s.receipt()));
    }
    return Bytes.wrap((Json.pretty(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Reads a bundle.
   *
   * @throws DisputeException MALFORMED or OVERSIZE, naming what is wrong
   */
  public static DisputeBundle decode(Bytes data) throws DisputeException {
    if (data.length() > MAX_BYTES) {
      throw new DisputeException(
          DisputeException.Reason.OVERSIZE,
          "bundle of " + data.length() + " bytes is over the limit of " + MAX_BYTES);
    }
    JsonNode root;
    try {
      root = Json.parse(data.toByteArray());
    } catch (JsonFormatException e) {
      throw malformed("not JSON: " + e.getMessage());
    }
    if (!root.isObject()) {
      throw malformed("$: must be an object");
    }
    unknown(root, TOP, "$");
    if (!DisputeBundle.FORMAT.equals(root.path("format").asText(null))) {
      throw malformed("$.format: must be " + DisputeBundle.FORMAT);
    }
    JsonNode steps = root.get("steps");
    if (steps == null || !steps.isArray()) {
      throw malformed("$.steps: must be an array");
    }
    if (steps.size() > DisputeBundle.MAX_STEPS) {
      throw malformed("$.steps: more than " + DisputeBundle.MAX_STEPS);
    }
    List<DisputeBundle.Step> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      out.add(step(steps.get(i), "$.steps[" + i + "]"));
    }
    try {
      return new DisputeBundle(text(root, "task", "$"), text(root, "exporter", "$"), out);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private static DisputeBundle.Step step(JsonNode n, String at) throws DisputeException {
    if (!n.isObject()) {
      throw malformed(at + ": must be an object");
    }
    unknown(n, STEP, at);
    try {
      return new DisputeBundle.Step(
          text(n, "step", at),
          n.has("sentTaskId") ? Optional.of(text(n, "sentTaskId", at)) : Optional.empty(),
          optional(n, "descriptor", at, true, MAX_DESCRIPTOR),
          optional(n, "requestDigest", at, false, 32),
          optional(n, "nonce", at, false, 64),
          optional(n, "receipt", at, true, ReceiptCodec.MAX_RECEIPT)
              .orElseThrow(() -> malformed(at + ".receipt: missing")));
    } catch (IllegalArgumentException e) {
      throw malformed(at + ": " + e.getMessage());
    }
  }

  private static Optional<Bytes> optional(JsonNode n, String field, String at, boolean b64, int max)
      throws DisputeException {
    JsonNode v = n.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.textValue().length() > 2 * max + 4) {
      throw malformed(at + "." + field + ": must be a string of at most " + max + " bytes");
    }
    Bytes out;
    try {
      out =
          b64
              ? Bytes.wrap(Base64.getUrlDecoder().decode(v.textValue()))
              : Bytes.fromHex(v.textValue());
    } catch (IllegalArgumentException e) {
      throw malformed(at + "." + field + ": not " + (b64 ? "base64url" : "hex"));
    }
    if (out.length() == 0 || out.length() > max) {
      throw malformed(at + "." + field + ": 1 to " + max + " bytes, got " + out.length());
    }
    return Optional.of(out);
  }

  private static String text(JsonNode n, String field, String at) throws DisputeException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw malformed(at + "." + field + ": must be a string");
    }
    return v.textValue();
  }

  private static void unknown(JsonNode n, Set<String> known, String at) throws DisputeException {
    var names = n.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!known.contains(f)) {
        throw malformed(at + "." + f + ": unknown member");
      }
    }
  }

  private static String b64(Bytes b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.toByteArray());
  }

  private static DisputeException malformed(String why) {
    return new DisputeException(DisputeException.Reason.MALFORMED, why);
  }
}
