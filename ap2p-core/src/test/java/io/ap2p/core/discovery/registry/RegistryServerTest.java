package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryServerTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final RegistryServer server = server(RegistryLimits.DEFAULTS);

  RegistryServer server(RegistryLimits limits) {
    return new RegistryServer(
        clock,
        new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
        limits,
        new Matcher(RankingWeights.DEFAULT));
  }

  static RegistryMessage.Register reg(SignedDescriptor sd) {
    return new RegistryMessage.Register(sd.toJsonBytes());
  }

  RegistryMessage.Ack send(PrivateKey from, RegistryMessage m) {
    return (RegistryMessage.Ack) server.handle(from.peerId(), m);
  }

  List<Bytes> find(String tag) {
    return ((RegistryMessage.Found)
            server.handle(
                Fixtures.key(999).peerId(),
                new RegistryMessage.Find(Query.forTag(new CapabilityTag(tag), 100))))
        .descriptors();
  }

  @Test
  void registersRefreshesAndAnswersQueries() {
    PrivateKey k = Fixtures.key(1);
    RegistryMessage.Ack a = send(k, reg(Fixtures.signed(k, "img", 1, Fixtures.T0, 60)));
    assertThat(a.status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(a.reason()).isEqualTo("ADDED");
    assertThat(a.expiresAtMillis()).isEqualTo(Fixtures.T0.toEpochMilli() + 60_000);
    clock.advance(30_000);
    RegistryMessage.Ack b =
        send(k, reg(Fixtures.signed(k, "img", 2, Fixtures.T0.plusSeconds(30), 60)));
    assertThat(b.reason()).isEqualTo("REPLACED");
    assertThat(find("image")).hasSize(1);
    clock.advance(61_000);
    assertThat(find("image")).isEmpty();
  }

  @Test
  void answersCarryTheExactBytesThatWereAdmitted() {
    PrivateKey k = Fixtures.key(1);
    SignedDescriptor sd = Fixtures.signed(k, "img", 1, Fixtures.T0, 60);
    byte[] pretty = sd.toTree().toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    send(k, new RegistryMessage.Register(Bytes.wrap(pretty)));
    assertThat(find("image")).containsExactly(Bytes.wrap(pretty));
    // a canonical refresh replaces the pretty bytes, and a pretty one replaces it again
    SignedDescriptor v2 = Fixtures.signed(k, "img", 2, Fixtures.T0, 60);
    send(k, reg(v2));
    assertThat(find("image")).containsExactly(v2.toJsonBytes());
    SignedDescriptor v3 = Fixtures.signed(k, "img", 3, Fixtures.T0, 60);
    Bytes pretty3 =
        Bytes.wrap(v3.toTree().toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    send(k, new RegistryMessage.Register(pretty3));
    assertThat(find("image")).containsExactly(pretty3);
    clock.advance(61_000);
    assertThat(find("image")).isEmpty();
  }

  @Test
  void thePublisherMustBeTheAuthenticatedRemote() {
    PrivateKey owner = Fixtures.key(1);
    PrivateKey other = Fixtures.key(2);
    RegistryMessage.Ack a = send(other, reg(Fixtures.signed(owner, "img", 1, Fixtures.T0, 60)));
    assertThat(a.status()).isEqualTo(RegistryMessage.Status.REJECTED);
    assertThat(a.reason()).isEqualTo("PEER_MISMATCH");
    assertThat(find("image")).isEmpty();
  }

  @Test
  void replayedExpiredForgedAndGarbageAreRejectedWithTheirReason() {
    PrivateKey k = Fixtures.key(1);
    SignedDescriptor v2 = Fixtures.signed(k, "img", 2, Fixtures.T0, 60);
    send(k, reg(v2));
    assertThat(send(k, reg(Fixtures.signed(k, "img", 1, Fixtures.T0, 60))).reason())
        .isEqualTo("STALE_SEQ");
    assertThat(send(k, reg(v2)).status()).isEqualTo(RegistryMessage.Status.IGNORED);
    assertThat(
            send(k, reg(Fixtures.signed(k, "old", 1, Fixtures.T0.minusSeconds(120), 60))).reason())
        .isEqualTo("EXPIRED");
    String forged = v2.toJsonBytes().toUtf8().replace("\"load\":0.35", "\"load\":0.05");
    assertThat(send(k, new RegistryMessage.Register(Bytes.wrap(forged.getBytes()))).reason())
        .isEqualTo("BAD_SIGNATURE");
    assertThat(send(k, new RegistryMessage.Register(Bytes.wrap(new byte[] {'{'}))).status())
        .isEqualTo(RegistryMessage.Status.REJECTED);
    assertThat(find("image")).containsExactly(v2.toJsonBytes());
  }

  @Test
  void withdrawRemovesOnlyTheSendersOwnDescriptor() {
    PrivateKey k = Fixtures.key(1);
    send(k, reg(Fixtures.signed(k, "img", 5, Fixtures.T0, 60)));
    assertThat(send(Fixtures.key(2), new RegistryMessage.Withdraw("img", 5)).reason())
        .isEqualTo("NOT_FOUND");
    assertThat(find("image")).hasSize(1);
    assertThat(send(k, new RegistryMessage.Withdraw("img", 5)).reason()).isEqualTo("WITHDRAWN");
    assertThat(find("image")).isEmpty();
    assertThat(send(k, reg(Fixtures.signed(k, "img", 5, Fixtures.T0, 60))).reason())
        .isEqualTo("WITHDRAWN");
  }

  @Test
  void aSybilFloodCannotEvictOrHideHonestDescriptors() {
    RegistryServer small =
        server(new RegistryLimits(new SoftStateTable.Limits(4, 500, 86_400_000L), 5, 20, 100_000));
    PrivateKey honest = Fixtures.key(1);
    SignedDescriptor h = Fixtures.signed(honest, "img", 1, Fixtures.T0, 120);
    assertThat(((RegistryMessage.Ack) small.handle(honest.peerId(), reg(h))).status())
        .isEqualTo(RegistryMessage.Status.ACCEPTED);
    int rejectedFull = 0;
    for (int i = 0; i < 1000; i++) {
      PrivateKey sybil = Fixtures.key(10_000 + i);
      RegistryMessage.Ack a =
          (RegistryMessage.Ack)
              small.handle(sybil.peerId(), reg(Fixtures.signed(sybil, "img", 1, Fixtures.T0, 120)));
      if (a.reason().equals("TABLE_FULL")) {
        rejectedFull++;
      }
    }
    assertThat(small.table().size()).isEqualTo(500);
    assertThat(rejectedFull).isEqualTo(501);
    assertThat(small.table().get(h.key())).contains(h);
    // the honest provider can still refresh
    clock.advance(60_000);
    SignedDescriptor h2 = Fixtures.signed(honest, "img", 2, Fixtures.T0.plusSeconds(60), 120);
    assertThat(((RegistryMessage.Ack) small.handle(honest.peerId(), reg(h2))).reason())
        .isEqualTo("REPLACED");
  }

  @Test
  void aFloodOfFreshIdentitiesCannotHideAnEstablishedProvider() {
    PrivateKey honest = Fixtures.key(1);
    RegistryServer big = server(new RegistryLimits(SoftStateTable.Limits.DEFAULTS, 5, 20, 100_000));
    big.handle(honest.peerId(), reg(Fixtures.signed(honest, "img", 1, Fixtures.T0, 3600)));
    clock.advance(RegistryServer.TENURE_FOR_FULL_CREDIT_MILLIS);
    for (int i = 0; i < 1000; i++) {
      PrivateKey sybil = Fixtures.key(10_000 + i);
      java.time.Instant now = java.time.Instant.ofEpochMilli(clock.millis());
      big.handle(sybil.peerId(), reg(Fixtures.signed(sybil, "img", 1, now, 3600)));
    }
    assertThat(big.table().size()).isEqualTo(1001);
    List<Bytes> top =
        ((RegistryMessage.Found)
                big.handle(
                    Fixtures.key(999).peerId(),
                    new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 5))))
            .descriptors();
    assertThat(top).hasSize(5); // answers stay bounded
    assertThat(top.get(0).toUtf8()).contains(honest.peerId().toBase58());
    assertThat(big.tenure().score(honest.peerId(), new CapabilityTag("image"))).isEqualTo(1.0);
    assertThat(big.tenure().known(Fixtures.key(10_000).peerId())).isTrue();
    assertThat(big.tenure().score(Fixtures.key(10_000).peerId(), new CapabilityTag("image")))
        .isZero();
  }

  @Test
  void explorationKeepsPartOfEachAnswerOutOfReachOfAttractiveSybils() {
    // 40 honest providers registered long ago, then 200 fresh identities with better claims and
    // the same tenure (all registered at once): without exploration the answer is all Sybils
    java.util.function.Function<RegistryServer.Exploration, Long> honestInAnswer =
        exploration -> {
          ManualClock c = new ManualClock(Fixtures.T0.toEpochMilli());
          RegistryServer s =
              new RegistryServer(
                  c,
                  new DescriptorValidator(c, DescriptorPolicy.DEFAULTS),
                  RegistryLimits.DEFAULTS,
                  new Matcher(RankingWeights.ANNOUNCEMENTS_ONLY),
                  exploration);
          List<String> honest = new java.util.ArrayList<>();
          for (int i = 0; i < 240; i++) {
            PrivateKey k = Fixtures.key(20_000 + i);
            com.fasterxml.jackson.databind.node.ObjectNode t = Fixtures.template();
            t.put("id", "img");
            t.put("ttlSeconds", 3600);
            if (i >= 40) { // a Sybil: nearly idle, fast, always right, by its own account
              t.withObject("/state").put("load", 0.0);
              t.withObject("/qos")
                  .put("latencyP50Ms", 20)
                  .put("latencyP95Ms", 50)
                  .put("successRate", 1.0);
            } else {
              t.withObject("/state").put("load", 0.9);
              t.withObject("/qos")
                  .put("latencyP50Ms", 1800)
                  .put("latencyP95Ms", 5000)
                  .put("successRate", 0.9);
              honest.add(k.peerId().toBase58());
            }
            s.handle(k.peerId(), reg(Fixtures.signed(k, t, Fixtures.T0)));
          }
          List<Bytes> answer =
              ((RegistryMessage.Found)
                      s.handle(
                          Fixtures.key(999).peerId(),
                          new RegistryMessage.Find(
                              Query.forTag(new CapabilityTag("image.generate"), 20))))
                  .descriptors();
          assertThat(answer).hasSize(20);
          return answer.stream()
              .filter(b -> honest.stream().anyMatch(id -> b.toUtf8().contains(id)))
              .count();
        };
    assertThat(honestInAnswer.apply(RegistryServer.Exploration.NONE)).isZero();
    // half of the answer explored: about 10 × 40/230 honest expected; at least one for this seed
    assertThat(
            honestInAnswer.apply(
                new RegistryServer.Exploration(0.5, new java.util.SplittableRandom(1))))
        .isPositive();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new RegistryServer.Exploration(0.5, null))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new RegistryServer.Exploration(1.5, new java.util.SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  RegistryServer exploring(RegistryLimits limits, long seed) {
    return new RegistryServer(
        clock,
        new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
        limits,
        new Matcher(RankingWeights.DEFAULT),
        new RegistryServer.Exploration(0.5, new java.util.SplittableRandom(seed)));
  }

  /** handle(), or its three steps as a runtime that checks signatures outside its lock does. */
  static RegistryMessage inSteps(
      RegistryServer s, io.ap2p.core.identity.PeerId from, RegistryMessage m) {
    return switch (s.begin(from, m)) {
      case RegistryServer.Begun.Reply r -> r.message();
      case RegistryServer.Begun.Judge j ->
          s.admit(from, j.json(), s.validator().validate(j.json(), java.util.Optional.of(from)));
      case RegistryServer.Begun.Rank r -> s.answer(r);
    };
  }

  @Test
  void theThreeStepsAnswerExactlyAsHandleDoes() {
    RegistryLimits tight = new RegistryLimits(new SoftStateTable.Limits(2, 40, 60_000), 2, 3, 100);
    // both exploring with the same random source, so the draws must come in the same order
    RegistryServer whole = exploring(tight, 21);
    RegistryServer stepped = exploring(tight, 21);
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    java.util.Set<String> reasons = new java.util.TreeSet<>();
    int answered = 0;
    long pretty = 0;
    for (int step = 0; step < 600; step++) {
      PrivateKey k = Fixtures.key(200 + r.nextInt(12));
      PrivateKey sender = r.nextInt(10) == 0 ? Fixtures.key(200 + r.nextInt(12)) : k;
      java.time.Instant now = java.time.Instant.ofEpochMilli(clock.millis());
      RegistryMessage m =
          switch (r.nextInt(7)) {
            case 0, 1, 2 ->
                reg(
                    Fixtures.signed(
                        k, "cap-" + r.nextInt(4), 1 + r.nextInt(50), now, 10 + r.nextInt(50)));
            case 3 -> new RegistryMessage.Withdraw("cap-" + r.nextInt(4), r.nextInt(60));
            case 4 ->
                new RegistryMessage.Find(
                    Query.forTag(new CapabilityTag("image"), 1 + r.nextInt(6)));
            case 5 -> // a publisher that pretty-prints: answers must carry exactly its bytes
                new RegistryMessage.Register(
                    Bytes.wrap(
                        io.ap2p.core.wire.Json.pretty(
                                Fixtures.signed(
                                        k, "cap-" + r.nextInt(4), 1 + r.nextInt(50), now, 30)
                                    .toTree())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            default -> new RegistryMessage.Register(Bytes.wrap(new byte[] {'{', '}'}));
          };
      RegistryMessage a = whole.handle(sender.peerId(), m);
      if (a instanceof RegistryMessage.Found found) {
        answered += found.descriptors().size();
        pretty += found.descriptors().stream().filter(b -> b.get(1) == '\n').count();
      }
      assertThat(inSteps(stepped, sender.peerId(), m)).as("step %d", step).isEqualTo(a);
      if (a instanceof RegistryMessage.Ack ack) {
        reasons.add(ack.reason());
      }
      clock.advance(r.nextInt(10) == 0 ? r.nextInt(20_000) : r.nextInt(100));
    }
    // the history reached the interesting verdicts
    assertThat(reasons)
        .contains("ADDED", "REPLACED", "STALE_SEQ", "RATE_LIMITED", "PEER_MISMATCH", "NOT_FOUND");
    assertThat(answered).isGreaterThan(50);
    assertThat(pretty).isPositive();
  }

  static RegistryMessage.Register pretty(SignedDescriptor sd) {
    return new RegistryMessage.Register(
        Bytes.wrap(
            io.ap2p.core.wire.Json.pretty(sd.toTree())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void aQueryIsAnsweredFromTheTableAsItWasWhenItBegan() {
    // a twin answers at once; the other ranks later, after the table, tenure and kept bytes moved
    RegistryServer later = exploring(RegistryLimits.DEFAULTS, 3);
    RegistryServer twin = exploring(RegistryLimits.DEFAULTS, 3);
    List<PrivateKey> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      PrivateKey k = Fixtures.key(400 + i);
      keys.add(k);
      java.time.Instant now = java.time.Instant.ofEpochMilli(clock.millis());
      SignedDescriptor sd = Fixtures.signed(k, "img", 1, now, 60);
      RegistryMessage m = i % 3 == 0 ? pretty(sd) : reg(sd);
      later.handle(k.peerId(), m);
      twin.handle(k.peerId(), m);
      clock.advance(2_000);
    }
    io.ap2p.core.identity.PeerId asker = Fixtures.key(999).peerId();
    RegistryMessage.Find find =
        new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 6));
    var rank = (RegistryServer.Begun.Rank) later.begin(asker, find);
    RegistryMessage expected = twin.handle(asker, find);
    assertThat(rank.candidates()).isEqualTo(12);
    // meanwhile: withdrawals (their peers' tenure forgotten), re-registrations in other layouts,
    // newcomers, and enough time for everyone left to earn full tenure
    for (int i = 0; i < 12; i++) {
      PrivateKey k = keys.get(i);
      java.time.Instant now = java.time.Instant.ofEpochMilli(clock.millis());
      if (i % 2 == 0) {
        later.handle(k.peerId(), new RegistryMessage.Withdraw("img", 10));
      } else {
        SignedDescriptor sd = Fixtures.signed(k, "img", 2, now, 60);
        later.handle(k.peerId(), i % 3 == 0 ? reg(sd) : pretty(sd));
      }
    }
    clock.advance(RegistryServer.TENURE_FOR_FULL_CREDIT_MILLIS);
    assertThat(later.answer(rank)).isEqualTo(expected);
    assertThat(((RegistryMessage.Found) expected).descriptors()).hasSize(6);
  }

  @Test
  void admitRefusesAVerdictAboutAnotherSender() {
    PrivateKey alice = Fixtures.key(1);
    PrivateKey bob = Fixtures.key(2);
    Bytes json = reg(Fixtures.signed(alice, "img", 1, Fixtures.T0, 60)).signedDescriptor();
    var aliceVerdict = server.validator().validate(json, java.util.Optional.of(alice.peerId()));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> server.admit(bob.peerId(), json, aliceVerdict))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the sender");
    assertThat(server.table().size()).isZero();
  }

  @Test
  void signaturesCheckedConcurrentlyOutsideTheLockAdmitEveryone() throws Exception {
    // as a node runs it: a verification memory (small, so it evicts under the threads) in front
    io.ap2p.core.discovery.VerifiedDescriptors memory =
        new io.ap2p.core.discovery.VerifiedDescriptors(
            new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS), 8);
    RegistryServer s =
        new RegistryServer(
            clock, memory, RegistryLimits.DEFAULTS, new Matcher(RankingWeights.DEFAULT));
    java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    List<PrivateKey> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 64; i++) {
      keys.add(Fixtures.key(300 + i));
    }
    List<RegistryMessage> regs =
        keys.stream()
            .map(k -> (RegistryMessage) reg(Fixtures.signed(k, "img", 1, Fixtures.T0, 60)))
            .toList();
    java.util.concurrent.ConcurrentLinkedQueue<String> reasons =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < keys.size(); i++) {
        int at = i;
        pool.submit(
            () -> {
              io.ap2p.core.identity.PeerId from = keys.get(at).peerId();
              RegistryServer.Begun b;
              lock.lock();
              try {
                b = s.begin(from, regs.get(at));
              } finally {
                lock.unlock();
              }
              var j = (RegistryServer.Begun.Judge) b;
              var v = s.validator().validate(j.json(), java.util.Optional.of(from)); // unlocked
              lock.lock();
              try {
                reasons.add(((RegistryMessage.Ack) s.admit(from, j.json(), v)).reason());
              } finally {
                lock.unlock();
              }
            });
      }
    }
    assertThat(reasons).hasSize(64).containsOnly("ADDED");
    assertThat(s.table().size()).isEqualTo(64);
    assertThat(memory.misses()).isEqualTo(64);
  }

  @Test
  void theTagIndexAnswersExactlyLikeAFullScan() {
    String[] tags = {"image.generate", "image.edit", "text.summarize", "text", "content.publish"};
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    RegistryServer big =
        server(new RegistryLimits(SoftStateTable.Limits.DEFAULTS, 1e9, 1e9, 100_000));
    int nonEmpty = 0;
    for (int step = 0; step < 400; step++) {
      PrivateKey k = Fixtures.key(100 + r.nextInt(40));
      String id = "cap-" + r.nextInt(3);
      java.time.Instant now = java.time.Instant.ofEpochMilli(clock.millis());
      int op = r.nextInt(10);
      if (op < 7) {
        com.fasterxml.jackson.databind.node.ObjectNode t = Fixtures.template();
        t.put("id", id);
        t.put("ttlSeconds", 5 + r.nextInt(60));
        t.remove("seq");
        com.fasterxml.jackson.databind.node.ArrayNode ts =
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("intent")).putArray("tags");
        ts.add(tags[r.nextInt(tags.length)]);
        if (r.nextBoolean()) {
          ts.add(tags[r.nextInt(tags.length)]);
        }
        big.handle(k.peerId(), reg(Fixtures.signed(k, t, now)));
      } else if (op < 8) {
        big.handle(k.peerId(), new RegistryMessage.Withdraw(id, Long.MAX_VALUE >> 12));
      } else {
        clock.advance(r.nextInt(5_000));
      }
      clock.advance(1 + r.nextInt(20)); // fresh seqs (issuedAt millis) for each signing
      for (String q : new String[] {"image", "image.generate", "text", "content", "travel"}) {
        Query query = Query.forTag(new CapabilityTag(q), 100);
        List<Bytes> indexed =
            ((RegistryMessage.Found)
                    big.handle(Fixtures.key(999).peerId(), new RegistryMessage.Find(query)))
                .descriptors();
        List<Bytes> scanned =
            new Matcher(RankingWeights.DEFAULT)
                .rank(query, big.table().all(), big.tenure()).stream()
                    .map(m -> m.descriptor().toJsonBytes())
                    .toList();
        assertThat(indexed).as("step %d, tag %s", step, q).isEqualTo(scanned);
        nonEmpty += indexed.isEmpty() ? 0 : 1;
      }
    }
    assertThat(nonEmpty).isGreaterThan(1000); // the comparison is not vacuous
  }
}
