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
import io.ap2p.node.demo.LoopbackWorld;
import io.ap2p.node.demo.WorkflowBench;
import io.ap2p.node.persona.Persona;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ap2p demo}: a guided run of what ap2p does today, in one process: identities, a signed
 * soft-state descriptor, forgery and replay rejected, expiry on a virtual clock, and the paper's
 * Sybil experiment on a real loopback network of nodes.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A guided tour of ap2p in one process.",
      "Two identities, a signed capability descriptor, tampering and replay rejected",
      "with reasons, soft-state expiry on a virtual clock; then the paper's Sybil",
      "experiment on a real network on loopback: a registry, honest providers and",
      "Sybil nodes at 0%, 25% and 50%, real libp2p nodes delegating the two-step",
      "workflow under naive and risk-aware verification. About 20 s on 2 cores."
    })
public final class DemoCommand implements Callable<Integer> {

  /** Sybil shares of the providers the demo runs at. */
  static final List<Double> FRACTIONS = List.of(0.0, 0.25, 0.5);

  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(
      names = "--workflows",
      paramLabel = "N",
      defaultValue = "12",
      description =
          "Workflows per Sybil fraction and policy, 1 to 200 (default: ${DEFAULT-VALUE}).")
  int workflows;

  @picocli.CommandLine.Option(
      names = "--verbose",
      description = "Print how each workflow went: providers, attempts, canaries, failures.")
  boolean verbose;

  @picocli.CommandLine.Option(
      names = "--honest",
      paramLabel = "N",
      defaultValue = "10",
      description = "Honest providers, 1 to 50 (default: ${DEFAULT-VALUE}).")
  int honest;

  @Override
  public Integer call() throws JsonFormatException, java.io.IOException {
    if (workflows < 1 || workflows > 200) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--workflows: 1 to 200 (got " + workflows + ")");
    }
    if (honest < 1 || honest > 50) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--honest: 1 to 50 (got " + honest + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    SecureRandom random = new SecureRandom();
    ManualClock clock = new ManualClock(SystemClock.INSTANCE.millis());
    DescriptorValidator registry = new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS);

    out.println(
        "ap2p demo: signed, soft-state capability descriptors, then a real network under attack");
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
    out.println();
    out.println(
        "6. A real network on loopback: a registry and "
            + honest
            + " honest providers of image.generate and");
    out.println(
        "   content.publish, real libp2p nodes (TCP, Noise, yamux) in this process. Sybil nodes");
    out.println(
        "   (--persona sybil: attractive claims, wrong answers with receipts they sign) join at");
    out.println(
        "   "
            + FRACTIONS.stream().map(f -> Math.round(f * 100) + "%").toList()
            + " of the providers. At each fraction a fresh requester runs "
            + workflows
            + " two-step");
    out.println(
        "   workflows (generate an image, then publish it: irreversible) under each policy;");
    out.println("   a run counts only if its image and its publication are the true ones.");
    out.flush();
    List<WorkflowBench.Result> rows = new java.util.ArrayList<>();
    List<Double> atFraction = new java.util.ArrayList<>();
    try (LoopbackWorld world = LoopbackWorld.start()) {
      world.addHonest(honest, LoopbackWorld.SKILLS);
      // a few workflows first, not counted, so the JIT has warmed up before anything is timed
      io.ap2p.node.Node warmup = world.requester();
      WorkflowBench.run(warmup, TierPolicy.RISK_AWARE, 3, List.of(), random, line -> {});
      world.stop(warmup);
      for (double f : FRACTIONS) {
        int sybils = (int) Math.round(honest * f / (1 - f));
        if (sybils > world.adversaryCount()) {
          world.addAdversaries(
              sybils - world.adversaryCount(), LoopbackWorld.SKILLS, Persona.SYBIL);
        }
        // one requester per policy, side by side: each has its own identity and history
        List<TierPolicy> policies = List.of(TierPolicy.NAIVE, TierPolicy.RISK_AWARE);
        List<java.util.concurrent.Future<WorkflowBench.Result>> running =
            new java.util.ArrayList<>();
        List<io.ap2p.node.Node> requesters = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
          for (TierPolicy policy : policies) {
            io.ap2p.node.Node requester = world.requester();
            requesters.add(requester);
            List<io.ap2p.core.identity.PeerId> sybilIds = world.adversaryIds();
            running.add(
                pool.submit(
                    () ->
                        WorkflowBench.run(
                            requester,
                            policy,
                            workflows,
                            sybilIds,
                            new java.util.SplittableRandom(random.nextLong()),
                            line -> {
                              if (verbose) {
                                synchronized (out) {
                                  out.println("   " + policy.label() + " " + line);
                                }
                              }
                            })));
          }
          for (java.util.concurrent.Future<WorkflowBench.Result> r : running) {
            rows.add(r.get());
            atFraction.add((double) world.adversaryCount() / (world.adversaryCount() + honest));
          }
        } catch (java.util.concurrent.ExecutionException e) {
          throw new CliFailure("the demo failed: " + e.getCause());
        }
        requesters.forEach(world::stop);
        out.print(".");
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
    out.println();
    out.println();
    out.println("7. What the requesters got (right = the true image, published under its digest):");
    out.printf(
        java.util.Locale.ROOT,
        "   %-7s %-11s %-14s %-12s %-12s %-13s %-8s %s%n",
        "sybils",
        "policy",
        "right",
        "wrong kept",
        "canaries/wf",
        "canary KiB/wf",
        "ms/wf",
        "sybils caught");
    for (int i = 0; i < rows.size(); i++) {
      WorkflowBench.Result r = rows.get(i);
      out.printf(
          java.util.Locale.ROOT,
          "   %-7s %-11s %-14s %-12d %-12.1f %-13.1f %-8.0f %s%n",
          Math.round(atFraction.get(i) * 100) + "%",
          r.policy().label(),
          r.succeeded() + "/" + r.workflows() + " (" + Math.round(100 * r.successRate()) + "%)",
          r.accepted() - r.succeeded(),
          r.canariesPerWorkflow(),
          r.canaryKibPerWorkflow(),
          r.millisPerWorkflow(),
          r.adversaries() == 0 ? "-" : r.adversariesCaught() + " of " + r.adversaries());
    }
    out.println(
        "   wrong kept: workflows whose wrong result the requester accepted; sybils caught: Sybils");
    out.println("   it now scores below a newcomer (one it never tried stays at zero, uncaught).");
    out.println(
        "   naive takes the best claims and accepts wrong work; risk-aware sends each newcomer a");
    out.println(
        "   canary (before or beside the real task, at random), wants a signed receipt for the");
    out.println(
        "   irreversible step, and falls back: Sybils are caught and sink below honest newcomers.");
    out.println("   The simulator's full sweep (same core code): 'ap2p sim run paper-sybil'; see");
    out.println("   docs/verification.md and docs/simulation.md.");
    out.println();
    out.println("Next: 'ap2p key generate --out alice.key', then");
    out.println(
        "      'ap2p descriptor example | ap2p descriptor sign --key alice.key | ap2p descriptor verify'.");
    out.println("The same by hand, in separate terminals (docs/verification.md):");
    out.println(
        "      'ap2p node start --registry --listen /ip4/127.0.0.1/tcp/4011' (prints REGISTRY),");
    out.println(
        "      'ap2p node start --registry-peer REGISTRY --serve image.generate --serve content.publish',");
    out.println(
        "      'ap2p node start --registry-peer REGISTRY --persona sybil --serve image.generate"
            + " --serve content.publish --data /tmp/sybil',");
    out.println(
        "      'ap2p workflow run <(ap2p workflow example) --registry-peer REGISTRY --policy naive'"
            + " (then risk-aware).");
    return ExitCodes.OK;
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
