package io.ap2p.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Reads JSON that is already in RFC 8785 canonical form in one pass: its tree, the canonical text
 * of any object or array in it, and its bytes without one top-level member, all without serialising
 * again. Input that is not canonical (white space, unsorted or repeated members, other escapes or
 * number forms, bad UTF-8) is declined, and callers take the general path ({@link Json#parse}, then
 * {@link Jcs}), which also names what is wrong with malformed input.
 *
 * <p>The tree holds the same node types {@link Json#parse} gives for the same bytes (int, long or
 * big-integer nodes for integers, double nodes for the rest), so readers cannot tell the paths
 * apart.
 */
public final class CanonicalJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_NUMBER_CHARS = 64; // as Json's parser
  private static final int MAX_STRING_BYTES = 1 << 20; // as Json's parser (which counts chars)
  private static final int MAX_NAME_BYTES = 1024; // far below the parser's own name limit

  /** Thrown inside the scanner when the input is not canonical; never escapes. */
  private static final class Declined extends RuntimeException {
    Declined() {
      super(null, null, false, false);
    }
  }

  private static final Declined DECLINED = new Declined();

  private static final int MAX_CACHED_NAME = 32;
  private static final String[] NAME_CACHE = new String[512];

  private final byte[] b;
  private final int maxDepth;
  private int pos;
  // object members under construction, as a stack shared by all nesting levels
  private String[] names = new String[32];
  private JsonNode[] values = new JsonNode[32];
  private int top;
  // byte spans of every object and array, by node identity
  private final List<JsonNode> containers = new ArrayList<>();
  private int[] spans = new int[32];
  // the root object's members: name and span (from its opening quote to the end of its value)
  private final List<String> rootNames = new ArrayList<>();
  private int[] rootSpans = new int[32];

  private CanonicalJson(byte[] b, int maxDepth) {
    this.b = b;
    this.maxDepth = maxDepth;
  }

  /**
   * The document {@code bytes} hold when they are one canonical JSON value nested at most {@code
   * maxDepth} deep; empty otherwise. The array must not change while the document is used.
   */
  public static Optional<CanonicalDocument> read(byte[] bytes, int maxDepth) {
    CanonicalJson r = new CanonicalJson(bytes, maxDepth);
    try {
      JsonNode root = r.value(0);
      if (r.pos != bytes.length) {
        return Optional.empty();
      }
      return Optional.of(
          new CanonicalDocument(
              bytes,
              root,
              r.containers.toArray(JsonNode[]::new),
              Arrays.copyOf(r.spans, 2 * r.containers.size()),
              r.rootNames.toArray(String[]::new),
              Arrays.copyOf(r.rootSpans, 2 * r.rootNames.size())));
    } catch (Declined | ArrayIndexOutOfBoundsException e) {
      return Optional.empty(); // ran off the end: truncated input
    }
  }

  private JsonNode value(int depth) {
    byte c = b[pos];
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> TextNode.valueOf(string());
      case 't' -> literal("true", BooleanNode.TRUE);
      case 'f' -> literal("false", BooleanNode.FALSE);
      case 'n' -> literal("null", NullNode.instance);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw DECLINED;
      }
    };
  }

  private JsonNode literal(String word, JsonNode node) {
    for (int i = 0; i < word.length(); i++) {
      if (b[pos + i] != word.charAt(i)) {
        throw DECLINED;
      }
    }
    pos += word.length();
    return node;
  }

  private ObjectNode object(int depth) {
    if (depth > maxDepth) {
      throw DECLINED;
    }
    int start = pos++;
    int base = top;
    if (b[pos] != '}') {
      String previous = null;
      while (true) {
        if (b[pos] != '"') {
          throw DECLINED;
        }
        int memberStart = pos;
        String name = name();
        if (pos - memberStart - 2 > MAX_NAME_BYTES) {
          throw DECLINED; // long names are the parser's to judge (it has its own limit)
        }
        // RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names (which
        // String.compareTo compares); strictly increasing also rules out repeated names
        if (previous != null && previous.compareTo(name) >= 0) {
          throw DECLINED;
        }
        previous = name;
        if (b[pos++] != ':') {
          throw DECLINED;
        }
        JsonNode v = value(depth);
        push(name, v);
        if (depth == 1) {
          rootMember(name, memberStart, pos);
        }
        byte next = b[pos++];
        if (next == '}') {
          break;
        }
        if (next != ',') {
          throw DECLINED;
        }
      }
    } else {
      pos++;
    }
    int n = top - base;
    LinkedHashMap<String, JsonNode> members = LinkedHashMap.newLinkedHashMap(n);
    for (int i = base; i < top; i++) {
      members.put(names[i], values[i]);
      names[i] = null;
      values[i] = null;
    }
    top = base;
    ObjectNode node = new ObjectNode(NODES, members);
    span(node, start, pos);
    return node;
  }

  private ArrayNode array(int depth) {
    if (depth > maxDepth) {
      throw DECLINED;
    }
    int start = pos++;
    List<JsonNode> items = new ArrayList<>();
    if (b[pos] != ']') {
      while (true) {
        items.add(value(depth));
        byte next = b[pos++];
        if (next == ']') {
          break;
        }
        if (next != ',') {
          throw DECLINED;
        }
      }
    } else {
      pos++;
    }
    ArrayNode node = new ArrayNode(NODES, items);
    span(node, start, pos);
    return node;
  }

  private void push(String name, JsonNode v) {
    if (top == names.length) {
      names = Arrays.copyOf(names, 2 * top);
      values = Arrays.copyOf(values, 2 * top);
    }
    names[top] = name;
    values[top] = v;
    top++;
  }

  private void span(JsonNode node, int start, int end) {
    int i = containers.size();
    if (2 * i + 2 > spans.length) {
      spans = Arrays.copyOf(spans, 2 * spans.length);
    }
    containers.add(node);
    spans[2 * i] = start;
    spans[2 * i + 1] = end;
  }

  private void rootMember(String name, int start, int end) {
    int i = rootNames.size();
    if (2 * i + 2 > rootSpans.length) {
      rootSpans = Arrays.copyOf(rootSpans, 2 * rootSpans.length);
    }
    rootNames.add(name);
    rootSpans[2 * i] = start;
    rootSpans[2 * i + 1] = end;
  }

  /**
   * A member name at {@code pos}: short ASCII names come from a small shared cache (descriptors
   * repeat the same few dozen), which spares an allocation and the hash the member map computes;
   * other names are read as strings.
   */
  private String name() {
    int start = pos + 1;
    int hash = 0;
    int i = start;
    while (true) {
      byte c = b[i];
      if (c == '"') {
        break;
      }
      if (c < 0x20 || c == '\\' || i - start >= MAX_CACHED_NAME) {
        return string(); // control, escape, non-ASCII or long: the general reading decides
      }
      hash = 31 * hash + c;
      i++;
    }
    int len = i - start;
    int slot = (hash ^ (hash >>> 16)) & (NAME_CACHE.length - 1);
    String cached = NAME_CACHE[slot];
    pos = i + 1;
    if (cached != null && cached.length() == len) {
      boolean same = true;
      for (int j = 0; j < len && same; j++) {
        same = cached.charAt(j) == b[start + j];
      }
      if (same) {
        return cached;
      }
    }
    String name = new String(b, start, len, StandardCharsets.ISO_8859_1);
    NAME_CACHE[slot] = name; // a racy write of an immutable string: at worst another miss
    return name;
  }

  /**
   * A string at {@code pos} (its opening quote), escaped as RFC 8785 §3.2.2.2 writes it: only
   * {@code \" \\ \b \f \n \r \t} and a backslash-u escape with four lower-case hex digits for the
   * other control characters.
   */
  private String string() {
    int start = ++pos;
    boolean ascii = true;
    while (true) {
      byte c = b[pos];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        return escapedString(start);
      }
      if (c >= 0 && c < 0x20) {
        throw DECLINED; // a raw control character
      }
      ascii &= c >= 0;
      pos++;
    }
    int len = pos - start;
    if (len > MAX_STRING_BYTES) {
      throw DECLINED;
    }
    pos++;
    if (ascii) {
      return new String(b, start, len, StandardCharsets.ISO_8859_1);
    }
    return utf8(start, len);
  }

  /** Decodes UTF-8 and declines any malformed sequence (which would not encode back the same). */
  private String utf8(int start, int len) {
    String s = new String(b, start, len, StandardCharsets.UTF_8);
    byte[] again = s.getBytes(StandardCharsets.UTF_8);
    if (!Arrays.equals(again, 0, again.length, b, start, start + len)) {
      throw DECLINED;
    }
    return s;
  }

  private String escapedString(int start) {
    StringBuilder sb = new StringBuilder(pos - start + 16);
    int run = start; // start of the raw bytes not yet appended
    while (true) {
      byte c = b[pos];
      if (c == '"') {
        appendRaw(sb, run, pos);
        pos++;
        if (sb.length() > MAX_STRING_BYTES) {
          throw DECLINED;
        }
        return sb.toString();
      }
      if (c >= 0 && c < 0x20) {
        throw DECLINED;
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      appendRaw(sb, run, pos);
      byte e = b[pos + 1];
      pos += 2;
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(controlEscape());
        default -> throw DECLINED; // \/ and friends are valid JSON but not canonical
      }
      run = pos;
    }
  }

  /**
   * The four hex digits after a backslash-u escape: canonical only for control characters without a
   * short form.
   */
  private char controlEscape() {
    if (b[pos] != '0' || b[pos + 1] != '0') {
      throw DECLINED;
    }
    int hi = b[pos + 2] - '0';
    int lo = Character.digit(b[pos + 3], 16);
    if (hi < 0 || hi > 1 || lo < 0 || Character.isUpperCase(b[pos + 3])) {
      throw DECLINED;
    }
    char ch = (char) (hi * 16 + lo);
    if (ch == '\b' || ch == '\f' || ch == '\n' || ch == '\r' || ch == '\t') {
      throw DECLINED;
    }
    pos += 4;
    return ch;
  }

  private void appendRaw(StringBuilder sb, int from, int to) {
    if (to > from) {
      sb.append(utf8(from, to - from));
    }
  }

  /** A number at {@code pos}, canonical when ECMAScript would print its value the same way. */
  private JsonNode number() {
    int start = pos;
    if (b[pos] == '-') {
      pos++;
    }
    int digitsStart = pos;
    if (b[pos] == '0') {
      pos++;
    } else {
      while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
        pos++;
      }
    }
    if (pos == digitsStart) {
      throw DECLINED;
    }
    boolean integer = true;
    if (pos < b.length && b[pos] == '.') {
      integer = false;
      pos++;
      pos = digits(pos);
    }
    if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
      integer = false;
      pos++;
      if (b[pos] == '+' || b[pos] == '-') {
        pos++;
      }
      pos = digits(pos);
    }
    int len = pos - start;
    if (len > MAX_NUMBER_CHARS) {
      throw DECLINED;
    }
    int digits = pos - digitsStart;
    if (integer && digits <= 15) {
      // below 2^53: the value prints as its digits, so only "-0" is not canonical
      long v = 0;
      for (int i = digitsStart; i < pos; i++) {
        v = v * 10 + (b[i] - '0');
      }
      if (b[start] == '-') {
        if (v == 0) {
          throw DECLINED;
        }
        v = -v;
      }
      return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
    }
    String token = new String(b, start, len, StandardCharsets.ISO_8859_1);
    double d = Double.parseDouble(token);
    if (Double.isInfinite(d) || !Jcs.formatNumber(d).equals(token)) {
      throw DECLINED;
    }
    if (!integer) {
      return DoubleNode.valueOf(d);
    }
    BigInteger big = new BigInteger(token);
    return big.bitLength() < 64 ? LongNode.valueOf(big.longValue()) : BigIntegerNode.valueOf(big);
  }

  private int digits(int at) {
    int i = at;
    while (i < b.length && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    if (i == at) {
      throw DECLINED;
    }
    return i;
  }
}
