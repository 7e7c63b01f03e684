package io.ap2p.core.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.CanonicalDocument;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.core.wire.JsonObjectReader;
import io.ap2p.core.wire.JsonText;
import io.ap2p.core.wire.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON form of {@link CapabilityDescriptor} (schema {@value CapabilityDescriptor#SCHEMA},
 * documented in {@code docs/descriptor.md}). Decoding is strict: unknown members, wrong types and
 * out-of-range values are errors that name their JSON path.
 */
public final class DescriptorJson {

  /** The member that carries the signature; everything else is signed. */
  public static final String SIGNATURE_MEMBER = "sig";

  static final int MAX_ADDRS = 16;
  static final int MAX_ADDR_LENGTH = 256;
  static final int MAX_TAGS = 16;
  static final int MAX_EXAMPLES = 16;
  static final int MAX_SCHEMA_CHARS = 16 * 1024;

  private DescriptorJson() {}

  /** The JSON tree of {@code d}, without a signature. */
  public static ObjectNode encode(CapabilityDescriptor d) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("schema", CapabilityDescriptor.SCHEMA);
    o.put("peer", d.peer().toBase58());
    ArrayNode addrs = o.putArray("addrs");
    d.addrs().forEach(addrs::add);
    o.put("id", d.id());
    o.put("seq", d.seq());
    o.put("issuedAt", d.issuedAt().toString());
    o.put("ttlSeconds", d.ttlSeconds());

    ObjectNode intent = o.putObject("intent");
    intent.put("name", d.intent().name());
    intent.put("description", d.intent().description());
    ArrayNode tags = intent.putArray("tags");
    d.intent().tags().forEach(t -> tags.add(t.value()));
    ArrayNode examples = intent.putArray("examples");
    d.intent().examples().forEach(examples::add);

    ObjectNode io = o.putObject("io");
    io.set("input", d.io().input().toTree());
    io.set("output", d.io().output().toTree());

    Constraints c = d.constraints();
    ObjectNode cons = o.putObject("constraints");
    cons.put("maxInputBytes", c.maxInputBytes());
    cons.put("deadlineMs", c.deadlineMs());
    c.price()
        .ifPresent(
            p -> {
              ObjectNode price = cons.putObject("price");
              price.put("amount", p.amount());
              price.put("currency", p.currency());
            });
    c.region().ifPresent(r -> cons.put("region", r));
    cons.put("sideEffect", c.sideEffect().jsonName());
    cons.put("requiredTier", c.requiredTier());

    CapabilityState s = d.state();
    ObjectNode state = o.putObject("state");
    state.put("availability", s.availability().jsonName());
    state.put("load", s.load());
    state.put("queueLength", s.queueLength());
    state.put("version", s.version());

    d.qos()
        .ifPresent(
            q -> {
              ObjectNode qos = o.putObject("qos");
              qos.put("latencyP50Ms", q.latencyP50Ms());
              qos.put("latencyP95Ms", q.latencyP95Ms());
              qos.put("successRate", q.successRate());
            });

    VerificationSupport v = d.verification();
    ObjectNode ver = o.putObject("verification");
    ver.put("canaries", v.canaries());
    ver.put("receipts", v.receipts());
    ver.put("attestation", v.attestation());
    ArrayNode attestors = ver.putArray("attestors");
    v.attestors().forEach(a -> attestors.add(a.toBase58()));
    return o;
  }

  /**
   * Decodes a descriptor tree; a {@value #SIGNATURE_MEMBER} member is allowed and ignored.
   *
   * @throws JsonFormatException naming the JSON path at fault
   */
  public static CapabilityDescriptor decode(JsonNode tree) throws JsonFormatException {
    return decode(tree, Optional.empty());
  }

  /**
   * Decodes a descriptor tree whose {@code peer} is probably {@code likely} (the authenticated
   * sender): when the text is that id's, the id is taken as it is instead of decoding its key
   * again. The result is the same as {@link #decode(JsonNode)}'s.
   *
   * @throws JsonFormatException naming the JSON path at fault
   */
  public static CapabilityDescriptor decode(JsonNode tree, Optional<PeerId> likely)
      throws JsonFormatException {
    return decode(tree, likely, JsonText::of);
  }

  /**
   * Decodes the descriptor of a canonical document, taking the JSON Schemas' canonical text from
   * its bytes. The result is the same as {@link #decode(JsonNode, Optional)}'s on its tree.
   *
   * @throws JsonFormatException naming the JSON path at fault
   */
  public static CapabilityDescriptor decode(CanonicalDocument doc, Optional<PeerId> likely)
      throws JsonFormatException {
    return decode(doc.root(), likely, node -> doc.textOf(node).orElseGet(() -> JsonText.of(node)));
  }

  private static CapabilityDescriptor decode(
      JsonNode tree, Optional<PeerId> likely, Function<JsonNode, JsonText> texts)
      throws JsonFormatException {
    try {
      return read(tree, likely, texts);
    } catch (IllegalArgumentException e) {
      // a value object refused what the reads above let through: still the input's fault, and
      // still an error that names the document rather than an exception that escapes to a peer
      throw new JsonFormatException("$", e.getMessage());
    }
  }

  private static CapabilityDescriptor read(
      JsonNode tree, Optional<PeerId> likely, Function<JsonNode, JsonText> texts)
      throws JsonFormatException {
    JsonObjectReader r = JsonObjectReader.of(tree, "$");
    String schema = r.string("schema", 64);
    if (!schema.equals(CapabilityDescriptor.SCHEMA)) {
      throw new UnknownSchemaException(r.pathOf("schema"), schema);
    }
    r.optString(SIGNATURE_MEMBER, 200);
    String peerText = r.string("peer", 128);
    PeerId peer =
        likely.isPresent() && likely.get().toBase58().equals(peerText)
            ? likely.get()
            : peerId(peerText, r.pathOf("peer"));
    List<String> addrs = r.strings("addrs", MAX_ADDRS, MAX_ADDR_LENGTH, false);
    for (int i = 0; i < addrs.size(); i++) {
      if (!addrs.get(i).startsWith("/")) {
        throw new JsonFormatException(
            r.pathOf("addrs") + "[" + i + "]", "must be a multiaddr such as /ip4/1.2.3.4/tcp/4001");
      }
    }
    String id = SharedValues.string(r.string("id", 64));
    if (!CapabilityDescriptor.isValidId(id)) {
      throw new JsonFormatException(
          r.pathOf("id"), "must be 1-64 letters, digits or ._:- starting with a letter or digit");
    }
    long seq = r.integer("seq", 0, CapabilityDescriptor.MAX_SEQ);
    Instant issuedAt = instant(r.string("issuedAt", 40), r, "issuedAt");
    long ttl = r.integer("ttlSeconds", 1, 1_000_000_000L);
    Intent intent = intent(r.object("intent"));
    IoSchemas io = io(r.object("io"), texts);
    Optional<JsonObjectReader> cr = r.optObject("constraints");
    Constraints constraints = cr.isPresent() ? constraints(cr.get()) : Constraints.DEFAULTS;
    Optional<JsonObjectReader> sr = r.optObject("state");
    CapabilityState state = sr.isPresent() ? state(sr.get()) : CapabilityState.IDLE;
    Optional<JsonObjectReader> qr = r.optObject("qos");
    Optional<QosClaims> qos =
        qr.isPresent() ? SharedValues.share(Optional.of(qos(qr.get()))) : Optional.empty();
    Optional<JsonObjectReader> vr = r.optObject("verification");
    VerificationSupport verification =
        vr.isPresent() ? verification(vr.get()) : VerificationSupport.NONE;
    r.rejectUnknown();
    // equal parts are shared with earlier decodes (every refresh repeats them): see SharedValues
    return new CapabilityDescriptor(
        peer,
        addrs,
        id,
        seq,
        issuedAt,
        ttl,
        intent,
        io.input().canonical().length() + io.output().canonical().length()
                <= SharedValues.MAX_PART_CHARS
            ? SharedValues.share(io)
            : io,
        SharedValues.share(constraints),
        SharedValues.share(state),
        qos,
        SharedValues.share(verification));
  }

  private static Intent intent(JsonObjectReader r) throws JsonFormatException {
    String name = r.string("name", 128);
    if (name.isBlank()) {
      throw new JsonFormatException(r.pathOf("name"), "must not be blank");
    }
    String description = r.optString("description", 2048).orElse("");
    List<String> rawTags = r.strings("tags", MAX_TAGS, CapabilityTag.MAX_LENGTH, true);
    if (rawTags.isEmpty()) {
      throw new JsonFormatException(r.pathOf("tags"), "needs at least one tag");
    }
    List<CapabilityTag> tags = new ArrayList<>();
    for (int i = 0; i < rawTags.size(); i++) {
      if (!CapabilityTag.isValid(rawTags.get(i))) {
        throw new JsonFormatException(
            r.pathOf("tags") + "[" + i + "]",
            "must be dotted lower-case segments like image.generate");
      }
      tags.add(SharedValues.share(new CapabilityTag(rawTags.get(i))));
    }
    List<String> examples = r.strings("examples", MAX_EXAMPLES, 512, false);
    r.rejectUnknown();
    Intent intent =
        new Intent(SharedValues.string(name), SharedValues.string(description), tags, examples);
    // an intent with many examples, tags or a long description can be large: shared only when all
    // the text it holds is small
    int chars = name.length() + description.length();
    for (String tag : rawTags) {
      chars += tag.length();
    }
    for (String e : examples) {
      chars += e.length();
    }
    return chars <= SharedValues.MAX_PART_CHARS ? SharedValues.share(intent) : intent;
  }

  private static IoSchemas io(JsonObjectReader r, Function<JsonNode, JsonText> texts)
      throws JsonFormatException {
    JsonText input = schema(r.raw("input"), r.pathOf("input"), texts);
    JsonText output = schema(r.raw("output"), r.pathOf("output"), texts);
    r.rejectUnknown();
    return new IoSchemas(input, output);
  }

  private static JsonText schema(JsonNode node, String path, Function<JsonNode, JsonText> texts)
      throws JsonFormatException {
    if (!node.isObject() && !node.isBoolean()) {
      throw new JsonFormatException(path, "must be a JSON Schema (an object or a boolean)");
    }
    JsonText text;
    try {
      text = texts.apply(node);
    } catch (IllegalArgumentException e) {
      throw new JsonFormatException(path, e.getMessage());
    }
    if (text.canonical().length() > MAX_SCHEMA_CHARS) {
      throw new JsonFormatException(path, "is larger than " + MAX_SCHEMA_CHARS + " characters");
    }
    return text.canonical().length() <= SharedValues.MAX_PART_CHARS
        ? SharedValues.share(text)
        : text;
  }

  private static Constraints constraints(JsonObjectReader r) throws JsonFormatException {
    long maxInput = r.optInteger("maxInputBytes", 0, 1L << 40, Constraints.DEFAULT_MAX_INPUT);
    long deadline = r.optInteger("deadlineMs", 1, 86_400_000L, Constraints.DEFAULT_DEADLINE_MS);
    Optional<Price> price = Optional.empty();
    Optional<JsonObjectReader> pr = r.optObject("price");
    if (pr.isPresent()) {
      double amount = pr.get().optNumber("amount", 0, 1e12, Double.NaN);
      if (Double.isNaN(amount)) {
        throw new JsonFormatException(pr.get().pathOf("amount"), "is required");
      }
      String currency = pr.get().string("currency", 12);
      try {
        price = Optional.of(new Price(amount, currency));
      } catch (IllegalArgumentException e) {
        throw new JsonFormatException(pr.get().pathOf("currency"), e.getMessage());
      }
      pr.get().rejectUnknown();
    }
    Optional<String> region = r.optString("region", 64).filter(s -> !s.isEmpty());
    String se = r.optString("sideEffect", 16).orElse("none");
    SideEffect sideEffect = SideEffect.fromJson(se);
    if (sideEffect == null) {
      throw new JsonFormatException(
          r.pathOf("sideEffect"), "must be none, reversible or irreversible");
    }
    int tier = (int) r.optInteger("requiredTier", 0, 3, 0);
    r.rejectUnknown();
    return new Constraints(maxInput, deadline, price, region, sideEffect, tier);
  }

  private static CapabilityState state(JsonObjectReader r) throws JsonFormatException {
    String av = r.optString("availability", 16).orElse("available");
    Availability availability = Availability.fromJson(av);
    if (availability == null) {
      throw new JsonFormatException(
          r.pathOf("availability"), "must be available, degraded or unavailable");
    }
    double load = r.optNumber("load", 0, 1, 0);
    int queue = (int) r.optInteger("queueLength", 0, 1_000_000, 0);
    String version = r.optString("version", 128).orElse("");
    r.rejectUnknown();
    return new CapabilityState(availability, load, queue, version);
  }

  private static QosClaims qos(JsonObjectReader r) throws JsonFormatException {
    long p50 = r.integer("latencyP50Ms", 0, 86_400_000L);
    long p95 = r.integer("latencyP95Ms", 0, 86_400_000L);
    if (p95 < p50) {
      throw new JsonFormatException(r.pathOf("latencyP95Ms"), "must be at least latencyP50Ms");
    }
    double success = r.optNumber("successRate", 0, 1, 1);
    r.rejectUnknown();
    return new QosClaims(p50, p95, success);
  }

  private static VerificationSupport verification(JsonObjectReader r) throws JsonFormatException {
    boolean canaries = r.optBoolean("canaries", false);
    boolean receipts = r.optBoolean("receipts", false);
    boolean attestation = r.optBoolean("attestation", false);
    List<String> raw = r.strings("attestors", 8, 128, false);
    List<PeerId> attestors = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      attestors.add(peerId(raw.get(i), r.pathOf("attestors") + "[" + i + "]"));
    }
    if (!attestation && !attestors.isEmpty()) {
      throw new JsonFormatException(r.pathOf("attestors"), "requires attestation: true");
    }
    r.rejectUnknown();
    return new VerificationSupport(canaries, receipts, attestation, attestors);
  }

  private static PeerId peerId(String text, String path) throws JsonFormatException {
    try {
      return PeerId.parse(text);
    } catch (KeyFormatException e) {
      throw new JsonFormatException(path, e.getMessage());
    }
  }

  private static Instant instant(String text, JsonObjectReader r, String name)
      throws JsonFormatException {
    try {
      Instant t = Timestamps.parse(text);
      if (!t.truncatedTo(ChronoUnit.MILLIS).equals(t)) {
        throw new JsonFormatException(r.pathOf(name), "must have at most millisecond precision");
      }
      return t;
    } catch (DateTimeParseException e) {
      throw new JsonFormatException(
          r.pathOf(name), "must be an RFC 3339 UTC time like 2026-11-24T06:00:00Z");
    }
  }

  /** A descriptor whose schema version this code does not know. */
  public static final class UnknownSchemaException extends JsonFormatException {
    /** The unknown {@code schema} value found at {@code path}. */
    public UnknownSchemaException(String path, String schema) {
      super(
          path,
          "unknown schema version '"
              + schema
              + "' (this ap2p reads "
              + CapabilityDescriptor.SCHEMA
              + ")");
    }
  }
}
