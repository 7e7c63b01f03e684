package io.ap2p.core.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import java.time.Instant;

/** Descriptors for tests, built from the shipped example template. */
public final class Fixtures {

  public static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");

  private Fixtures() {}

  public static PrivateKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[1] = (byte) (n >> 8);
    seed[31] = 7;
    return PrivateKey.fromSeed(Bytes.wrap(seed));
  }

  public static ObjectNode template() {
    try {
      return (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A signed descriptor of {@code key} built from {@code t} at {@code issued}. */
  public static SignedDescriptor signed(PrivateKey key, ObjectNode t, Instant issued) {
    try {
      return DescriptorSigning.sign(DescriptorSigning.fromTemplate(t, key, issued), key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A signed descriptor of {@code key} for capability {@code id}. */
  public static SignedDescriptor signed(
      PrivateKey key, String id, long seq, Instant issued, long ttl) {
    ObjectNode t = template();
    t.put("id", id);
    t.put("seq", seq);
    t.put("ttlSeconds", ttl);
    try {
      return DescriptorSigning.sign(DescriptorSigning.fromTemplate(t, key, issued), key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
