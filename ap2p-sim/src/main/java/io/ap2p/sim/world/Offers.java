package io.ap2p.sim.world;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityState;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Constraints;
import io.ap2p.core.discovery.Intent;
import io.ap2p.core.discovery.IoSchemas;
import io.ap2p.core.discovery.QosClaims;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.discovery.VerificationSupport;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.JsonText;
import io.ap2p.sim.scenario.Point;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What simulated providers offer and how they announce it: tags, ids, addresses, templates. */
public final class Offers {

  /** The workflow's first, low-risk capability. */
  public static final CapabilityTag IMAGE = new CapabilityTag("image.generate");

  /** The workflow's second, irreversible capability. */
  public static final CapabilityTag PUBLISH = new CapabilityTag("content.publish");

  /** The tool version every provider announces. */
  public static final String VERSION = "v1";

  private static final IoSchemas SCHEMAS =
      new IoSchemas(
          JsonText.parse("{\"type\":\"object\"}"), JsonText.parse("{\"type\":\"object\"}"));

  // what every provider of a tag announces alike, made once (a million-peer world holds a template
  // per provider): intents by tag, the two states and the two verification claims
  private static final Map<CapabilityTag, Intent> INTENTS = new ConcurrentHashMap<>();
  private static final CapabilityState HONEST_STATE =
      new CapabilityState(CapabilityState.IDLE.availability(), 0.3, 0, VERSION);
  private static final CapabilityState ADVERSARY_STATE =
      new CapabilityState(CapabilityState.IDLE.availability(), 0.02, 0, VERSION);
  private static final VerificationSupport UNATTESTED =
      new VerificationSupport(true, true, false, List.of());

  private Offers() {}

  /** A capability's median service time in ms (honest providers' service times centre on it). */
  public static double medianServiceMs(CapabilityTag tag) {
    return tag.equals(IMAGE) ? 1500 : tag.equals(PUBLISH) ? 400 : 800;
  }

  /** The capability with index {@code k}: the workflow's two, then other skills. */
  public static CapabilityTag offered(int k) {
    return switch (k) {
      case 0 -> IMAGE;
      case 1 -> PUBLISH;
      default -> new CapabilityTag("skill.s" + k);
    };
  }

  /** The capability id a provider publishes its tag under. */
  public static String capabilityId(CapabilityTag tag) {
    if (tag.equals(IMAGE)) {
      return "image-gen";
    }
    return tag.equals(PUBLISH) ? "publish" : tag.value().replace('.', '-');
  }

  /** A provider's listen address: 10.a.b.c with b, c below 250 (unchanged below 62,500 peers). */
  public static String address(int index) {
    return "/ip4/10."
        + (index / 62_500)
        + "."
        + (index / 250 % 250)
        + "."
        + (index % 250 + 1)
        + "/tcp/4001";
  }

  /**
   * The unsigned descriptor {@code p} publishes (peer, seq and issue time are filled in at
   * signing): honest claims follow its true service time; an adversary's are attractive and
   * short-lived; both list {@code attestors}.
   */
  public static CapabilityDescriptor template(
      Provider p, Point point, List<PeerId> attestors, long nowMillis) {
    boolean honest = p.kind == Provider.Kind.HONEST;
    boolean publish = p.tag.equals(PUBLISH);
    long ttl =
        honest ? point.ttlSeconds() : Math.max(1, Math.round(2 * point.sybilRefreshSeconds()));
    long p50 = honest ? Math.round(p.serviceMs) : 200;
    long deadline =
        honest
            ? Math.max(2000, Math.round(p.serviceMs * 6))
            : Math.round(point.sybilDeadlineSeconds() * 1000);
    double claimed = honest ? 0.95 : 0.999;
    return new CapabilityDescriptor(
        p.key.peerId(),
        List.of(address(p.index)),
        capabilityId(p.tag),
        0,
        Instant.ofEpochMilli(nowMillis),
        ttl,
        INTENTS.computeIfAbsent(p.tag, Offers::intent),
        SCHEMAS,
        new Constraints(
            8192,
            deadline,
            Optional.empty(),
            Optional.empty(),
            publish ? SideEffect.IRREVERSIBLE : SideEffect.NONE,
            0),
        honest ? HONEST_STATE : ADVERSARY_STATE,
        Optional.of(new QosClaims(p50, p50 * 5 / 2, claimed)),
        // every provider lists the attestors every requester pins; an adversary may claim no
        // attestation at all (adversaryClaimsAttestation: false): the requester's policy, not
        // this claim, decides what evidence a step needs
        honest || point.adversaryClaimsAttestation()
            ? new VerificationSupport(true, true, true, attestors)
            : UNATTESTED);
  }

  private static Intent intent(CapabilityTag tag) {
    boolean image = tag.equals(IMAGE);
    boolean publish = tag.equals(PUBLISH);
    return new Intent(
        image ? "Generate an image" : publish ? "Publish content" : "Skill " + tag.value(),
        image
            ? "Text-to-image generation"
            : publish ? "Publishes a post to a public feed" : "Another capability",
        List.of(tag),
        List.of());
  }
}
