package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.ReceiptDirection;
import io.ap2p.node.store.StoredEvidence;
import io.ap2p.node.store.StoredReceipt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ap2p dispute export} from a real node database, {@code verify} on good and bad files. */
class DisputeCliTest {

  @TempDir Path dir;

  /** A requester's database holding one accepted step with its evidence. */
  void requesterDatabase() throws Exception {
    PrivateKey provider = PrivateKey.generate(new SecureRandom());
    Instant now = Instant.now();
    JsonNode template =
        Json.parse(DescriptorExamples.imageGenerationTemplate().getBytes(StandardCharsets.UTF_8));
    SignedDescriptor d =
        DescriptorSigning.sign(DescriptorSigning.fromTemplate(template, provider, now), provider);
    Bytes input = Bytes.wrap("draw a fox".getBytes(StandardCharsets.UTF_8));
    Bytes nonce = Bytes.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    SignedReceipt r =
        SignedReceipt.sign(
            new SignedReceipt.Body(
                provider.peerId(),
                "run-1-gen-1",
                Digests.sha256(input),
                Digests.sha256(Bytes.wrap(new byte[] {9})),
                "imagegen",
                d.descriptor().state().version(),
                now.toEpochMilli() + 1_000,
                now.toEpochMilli() + 2_000,
                nonce,
                SignedReceipt.GENESIS,
                d.descriptor().id()),
            provider);
    try (Database db = Database.open(dir)) {
      db.receipts()
          .add(
              new StoredReceipt(
                  ReceiptDirection.RECEIVED,
                  "run-1/gen",
                  provider.peerId().toString(),
                  d.descriptor().id(),
                  ReceiptCodec.encode(r),
                  r.hash(),
                  now.toEpochMilli(),
                  1_000_000));
      db.evidence()
          .put(
              new StoredEvidence(
                  "run-1/gen",
                  "run-1-gen-1",
                  provider.peerId().toString(),
                  d.descriptor().id(),
                  d.toJsonBytes(),
                  Digests.sha256(input),
                  nonce,
                  now.toEpochMilli()));
    }
  }

  @Test
  void anExportedBundleVerifiesAndATamperedOneIsRefusedWithItsReason() throws Exception {
    requesterDatabase();
    Path bundle = dir.resolve("bundle.json");
    CliRunner.Result exported =
        CliRunner.run(
            "dispute", "export", "run-1", "--node", dir.toString(), "--out", bundle.toString());
    assertThat(exported.code()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("1 step(s)");

    CliRunner.Result ok = CliRunner.run("dispute", "verify", bundle.toString());
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out())
        .contains("receipt signed by provider", "descriptor signed by", "verified:");

    String text = Files.readString(bundle);
    Path nonce = dir.resolve("nonce.json");
    Files.writeString(nonce, text.replace("\"0102030405060708\"", "\"0102030405060709\""));
    CliRunner.Result swapped = CliRunner.run("dispute", "verify", nonce.toString());
    assertThat(swapped.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(swapped.out()).startsWith("refused: MISMATCH");

    Path cut = dir.resolve("cut.json");
    Files.writeString(cut, text.substring(0, text.length() / 2));
    assertThat(CliRunner.run("dispute", "verify", cut.toString()).out())
        .startsWith("refused: MALFORMED");

    Path big = dir.resolve("big.json");
    Files.write(big, new byte[(2 << 20)]);
    assertThat(CliRunner.run("dispute", "verify", big.toString()).out())
        .startsWith("refused: OVERSIZE");

    // the same file again is not overwritten; an unknown task has nothing to export
    assertThat(
            CliRunner.run(
                    "dispute",
                    "export",
                    "run-1",
                    "--node",
                    dir.toString(),
                    "--out",
                    bundle.toString())
                .code())
        .isEqualTo(ExitCodes.REJECTED);
    CliRunner.Result none =
        CliRunner.run(
            "dispute",
            "export",
            "run-2",
            "--node",
            dir.toString(),
            "--out",
            dir.resolve("x").toString());
    assertThat(none.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(none.err()).contains("no receipt of task run-2");
    assertThat(CliRunner.run("dispute", "export", "../etc", "--out", "x").code())
        .isEqualTo(ExitCodes.USAGE);
  }
}
