package io.ap2p.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.sim.run.PointRun;
import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioException;
import io.ap2p.sim.scenario.ScenarioParser;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ap2p demo}: a guided run of what ap2p does today, in one process: identities, a signed
 * soft-state descriptor, forgery and replay rejected, expiry on a virtual clock.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A guided tour of ap2p in one process.",
      "Two identities, a signed capability descriptor, tampering and replay rejected",
      "with reasons, soft-state expiry on a virtual clock, and the paper's Sybil",
      "experiment in miniature on the simulator. (The networked demo, with peers",
      "delegating over real sockets, comes with the transport and discovery planes.)"
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws JsonFormatException, java.io.IOException {
    PrintWriter out = spec.commandLine().getOut();
    SecureRandom random = new SecureRandom();
    ManualClock clock = new ManualClock(SystemClock.INSTANCE.millis());
    DescriptorValidator registry = new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS);

    out.println("ap2p demo: signed, soft-state capability descriptors");
    out.println();
    PrivateKey alice = PrivateKey.generate(random);
    PrivateKey mallory = PrivateKey.generate(random);
    out.println("1. Two identities (Ed25519, libp2p peer ids):");
    out.println("   alice   " + alice.peerId());
    out.println("   mallory " + mallory.peerId());

    ObjectNode template =
        (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    CapabilityDescriptor d = DescriptorSigning.fromTemplate(template, alice, clock.instant());
    SignedDescriptor signed = DescriptorSigning.sign(d, alice);
    Bytes wire = signed.toJsonBytes();
    out.println();
    out.println(
        "2. alice signs her image-generation capability (RFC 8785 canonical JSON, "
            + wire.length()
            + " bytes):");
    out.println(
        "   "
            + d.id()
            + " "
            + d.intent().tags()
            + ", seq "
            + d.seq()
            + ", ttl "
            + d.ttlSeconds()
            + " s");
    out.println("   registry check: " + verdict(registry.validate(wire)));

    ObjectNode tampered = signed.toTree();
    ((ObjectNode) tampered.get("constraints"))
        .putObject("price")
        .put("amount", 0)
        .put("currency", "USD");
    out.println();
    out.println("3. mallory edits the price in alice's signed descriptor:");
    out.println("   registry check: " + verdict(registry.validate(Jcs.canonicalize(tampered))));

    ObjectNode forged = signed.toTree();
    forged.remove("sig");
    Bytes forgedSig =
        mallory.sign(io.ap2p.core.identity.SignatureDomain.DESCRIPTOR, Jcs.canonicalize(forged));
    forged.put(
        "sig",
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forgedSig.toByteArray()));
    out.println("   mallory re-signs it with her own key, still naming alice:");
    out.println("   registry check: " + verdict(registry.validate(Jcs.canonicalize(forged))));

    SoftStateTable table = new SoftStateTable(clock, SoftStateTable.Limits.DEFAULTS);
    out.println();
    out.println(
        "4. A registry's soft-state table holds it; alice refreshes 30 s later with a higher seq:");
    out.println("   insert seq " + d.seq() + ":  " + verdict(table.offer(signed)));
    clock.advance(30_000);
    SignedDescriptor refreshed =
        DescriptorSigning.sign(
            DescriptorSigning.fromTemplate(template, alice, clock.instant()), alice);
    out.println("   refresh seq " + refreshed.seq() + ": " + verdict(table.offer(refreshed)));
    out.println("   replay of seq " + d.seq() + ": " + verdict(table.offer(signed)));

    clock.advance(61_000);
    table.expireDue();
    out.println();
    out.println(
        "5. alice goes silent; 61 s later (virtual clock) her claim has expired by itself:");
    out.println("   entries held: " + table.size());
    out.println(
        "   registry check of her last descriptor: "
            + verdict(registry.validate(refreshed.toJsonBytes())));
    out.println();
    out.println(
        "6. The paper's experiment in miniature (simulated, same core code): 30 peers, 40% of");
    out.println("   them Sybil identities with attractive claims; 60 s of two-step workflows");
    out.println("   (generate an image, then publish it: irreversible):");
    Point p = miniature();
    for (TierPolicy policy : List.of(TierPolicy.NAIVE, TierPolicy.RISK_AWARE)) {
      RunResult r = PointRun.run(p, policy, 1);
      out.printf(
          java.util.Locale.ROOT,
          "   %-10s %3d of %3d workflows right (%.0f%%), %.1f canary messages per workflow%n",
          policy.label(),
          r.succeeded(),
          r.workflows(),
          100 * r.successRate(),
          r.verificationMsgsPerWorkflow());
    }
    out.println("   The full sweeps: 'ap2p sim run paper-sybil' (see docs/simulation.md).");
    out.println();
    out.println("Next: 'ap2p key generate --out alice.key', then");
    out.println(
        "      'ap2p descriptor example | ap2p descriptor sign --key alice.key | ap2p descriptor verify'.");
    out.println("Real peers over the network (libp2p: TCP, Noise, yamux), in three terminals:");
    out.println(
        "      'ap2p node start --registry --listen /ip4/127.0.0.1/tcp/4011' (prints REGISTRY),");
    out.println(
        "      'ap2p node start --registry-peer REGISTRY --publish <(ap2p descriptor example)',");
    out.println("      'ap2p find --registry-peer REGISTRY \"generate an image\"'.");
    out.println(
        "Delegation and verification between real peers land next; 'ap2p --help' lists what"
            + " runs today.");
    return ExitCodes.OK;
  }

  private static Point miniature() {
    try {
      return ScenarioParser.parse(
              "demo", "{\"peers\":30,\"sybilFraction\":0.4,\"durationSeconds\":60}", List.of())
          .points()
          .get(0);
    } catch (ScenarioException e) {
      throw new IllegalStateException("the demo scenario is valid", e);
    }
  }

  private static String verdict(Verdict<?> v) {
    return switch (v) {
      case Verdict.Accepted<?> a ->
          "accepted"
              + (a.value() instanceof SoftStateTable.Change c
                  ? " (" + c.name().toLowerCase(java.util.Locale.ROOT) + ")"
                  : "");
      case Verdict.Ignored<?> i -> "ignored, " + i.reason().name() + ": " + i.detail();
      case Verdict.Rejected<?> r -> "rejected, " + r.reason().name() + ": " + r.detail();
    };
  }
}
