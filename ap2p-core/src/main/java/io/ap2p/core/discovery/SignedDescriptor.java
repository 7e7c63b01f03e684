package io.ap2p.core.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.Ed25519;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A capability descriptor with its provider's signature over the canonical (RFC 8785) bytes of its
 * unsigned JSON form.
 *
 * @param descriptor the signed content
 * @param canonical the RFC 8785 bytes that were signed (the JSON without {@code sig})
 * @param signature the Ed25519 signature in the descriptor domain
 */
public record SignedDescriptor(CapabilityDescriptor descriptor, Bytes canonical, Bytes signature) {

  /** Checks the signature length; validity is checked by {@link DescriptorValidator}. */
  public SignedDescriptor {
    if (signature.length() != Ed25519.SIGNATURE_BYTES) {
      throw new IllegalArgumentException("a descriptor signature has 64 bytes");
    }
  }

  /** The signature as it travels in JSON: base64url without padding. */
  public String signatureText() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(signature.toByteArray());
  }

  /**
   * The wire form: canonical JSON including the {@code sig} member. Built by inserting the member
   * into the canonical bytes at its sorted place (RFC 8785 §3.2.3: members sorted by UTF-16 code
   * units), which gives the same bytes as canonicalizing the tree with it, without a re-parse.
   */
  public Bytes toJsonBytes() {
    byte[] c = canonical.toByteArray();
    byte[] member =
        ("\"" + DescriptorJson.SIGNATURE_MEMBER + "\":\"" + signatureText() + "\"")
            .getBytes(StandardCharsets.US_ASCII);
    int at = insertionPoint(c, DescriptorJson.SIGNATURE_MEMBER);
    if (at < 0) {
      return Jcs.canonicalize(toTree()); // not an object we can splice: take the long way
    }
    boolean last = c[at] == '}';
    boolean comma = last && at > 1; // after a previous member
    byte[] out = new byte[c.length + member.length + (last && at == 1 ? 0 : 1)];
    System.arraycopy(c, 0, out, 0, at);
    int o = at;
    if (comma) {
      out[o++] = ',';
    }
    System.arraycopy(member, 0, out, o, member.length);
    o += member.length;
    if (!last) {
      out[o++] = ',';
    }
    System.arraycopy(c, at, out, o, c.length - at);
    return Bytes.wrap(out);
  }

  /**
   * Where a top-level member named {@code name} goes in canonical object bytes {@code c}: the index
   * of the first member whose name sorts after it, or of the closing brace; -1 when {@code c} is
   * not a canonical object or already has the member.
   */
  static int insertionPoint(byte[] c, String name) {
    if (c.length < 2 || c[0] != '{' || c[c.length - 1] != '}') {
      return -1;
    }
    int i = 1;
    while (i < c.length - 1) {
      if (c[i] != '"') {
        return -1;
      }
      int keyStart = i + 1;
      int keyEnd = skipString(c, i);
      if (keyEnd < 0) {
        return -1;
      }
      int cmp = compareName(c, keyStart, keyEnd - 1, name);
      if (cmp == Integer.MIN_VALUE) {
        return -1; // escaped names: leave them to the general path
      }
      if (cmp == 0) {
        return -1;
      }
      if (cmp > 0) {
        return i;
      }
      // skip ':' and the value up to the ',' or '}' at depth 1
      int j = keyEnd;
      if (j >= c.length || c[j] != ':') {
        return -1;
      }
      j++;
      int depth = 0;
      while (j < c.length) {
        byte b = c[j];
        if (b == '"') {
          j = skipString(c, j);
          if (j < 0) {
            return -1;
          }
          continue;
        }
        if (b == '{' || b == '[') {
          depth++;
        } else if (b == '}' || b == ']') {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (b == ',' && depth == 0) {
          break;
        }
        j++;
      }
      if (j >= c.length) {
        return -1;
      }
      if (c[j] == '}') {
        return j == c.length - 1 ? j : -1;
      }
      i = j + 1;
    }
    return i == 1 && c.length == 2 ? 1 : -1;
  }

  /**
   * Compares the UTF-8 name in {@code c[from, to)} with the ASCII {@code name} in UTF-16 order (for
   * an ASCII name, byte order gives the same answer); {@link Integer#MIN_VALUE} when the bytes hold
   * an escape.
   */
  private static int compareName(byte[] c, int from, int to, String name) {
    int n = Math.min(to - from, name.length());
    for (int i = 0; i < n; i++) {
      int b = c[from + i] & 0xff;
      if (b == '\\') {
        return Integer.MIN_VALUE;
      }
      if (b != name.charAt(i)) {
        return b - name.charAt(i);
      }
    }
    for (int i = from + n; i < to; i++) {
      if (c[i] == '\\') {
        return Integer.MIN_VALUE;
      }
    }
    return (to - from) - name.length();
  }

  /** Index just past the JSON string starting at {@code c[start]} (a quote), or -1. */
  private static int skipString(byte[] c, int start) {
    int j = start + 1;
    while (j < c.length) {
      if (c[j] == '\\') {
        j += 2;
      } else if (c[j] == '"') {
        return j + 1;
      } else {
        j++;
      }
    }
    return -1;
  }

  /** The JSON tree including the {@code sig} member. */
  public ObjectNode toTree() {
    try {
      ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(canonical.toByteArray());
      tree.put(DescriptorJson.SIGNATURE_MEMBER, signatureText());
      return tree;
    } catch (IOException e) {
      throw new IllegalStateException("canonical bytes are JSON by construction", e);
    }
  }

  /** Shorthand for the descriptor's key. */
  public DescriptorKey key() {
    return descriptor.key();
  }

  /** Shorthand for the descriptor's seq. */
  public long seq() {
    return descriptor.seq();
  }

  @Override
  public String toString() {
    return "SignedDescriptor[" + key() + " seq=" + seq() + "]";
  }
}
