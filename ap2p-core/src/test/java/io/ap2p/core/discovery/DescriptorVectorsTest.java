package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The checked-in descriptor test vectors ({@code vectors/descriptor/}): unsigned JSON, its RFC 8785
 * canonical bytes, the key, the signature and the signed descriptor. Other implementations can
 * check themselves against the same files. Regenerate with {@code -Dap2p.vectors.write=true}.
 */
class DescriptorVectorsTest {

  static final String DIR = "vectors/descriptor/";
  // RFC 8032 TEST 1 seed: a key everyone can reproduce
  static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  static final Instant ISSUED = Instant.parse("2026-11-24T06:00:00Z");

  static PrivateKey key() {
    return PrivateKey.fromSeed(Bytes.fromHex(SEED));
  }

  static SignedDescriptor generate() throws Exception {
    ObjectNode t = Fixtures.template();
    t.put("seq", 1);
    return DescriptorSigning.sign(DescriptorSigning.fromTemplate(t, key(), ISSUED), key());
  }

  static String read(String name) throws IOException {
    try (InputStream in = DescriptorVectorsTest.class.getResourceAsStream("/" + DIR + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void vectorsMatchThisImplementation() throws Exception {
    SignedDescriptor sd = generate();
    if (Boolean.getBoolean("ap2p.vectors.write")) {
      Path dir = Path.of("src/test/resources", DIR);
      Files.createDirectories(dir);
      ObjectNode unsigned = sd.toTree();
      unsigned.remove("sig");
      Files.writeString(dir.resolve("image-gen.unsigned.json"), Json.pretty(unsigned) + "\n");
      Files.write(dir.resolve("image-gen.canonical.json"), sd.canonical().toByteArray());
      Files.writeString(dir.resolve("image-gen.key.hex"), key().exportProtobuf().toHex() + "\n");
      Files.writeString(dir.resolve("image-gen.sig.b64url"), sd.signatureText() + "\n");
      Files.write(dir.resolve("image-gen.signed.json"), sd.toJsonBytes().toByteArray());
    }
    String unsigned = read("image-gen.unsigned.json");
    String canonical = read("image-gen.canonical.json");
    assertThat(Jcs.canonicalText(Json.parse(unsigned.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(canonical);
    assertThat(sd.canonical().toUtf8()).isEqualTo(canonical);

    PrivateKey fileKey = PrivateKey.fromProtobuf(Bytes.fromHex(read("image-gen.key.hex").trim()));
    assertThat(fileKey.peerId()).isEqualTo(key().peerId());
    assertThat(sd.signatureText()).isEqualTo(read("image-gen.sig.b64url").trim());

    ManualClock clock = new ManualClock(ISSUED.toEpochMilli());
    var verdict =
        new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS)
            .validate(Bytes.wrap(read("image-gen.signed.json").getBytes(StandardCharsets.UTF_8)));
    assertThat(verdict.isAccepted()).isTrue();
  }
}
