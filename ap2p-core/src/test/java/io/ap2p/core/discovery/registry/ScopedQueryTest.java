package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Queries that exclude, recall or page, on the registry and on the wire. */
class ScopedQueryTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final DescriptorValidator validator = new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS);
  final List<PrivateKey> keys = new ArrayList<>();

  RegistryServer registry(RegistryRanking ranking) {
    RegistryServer r =
        new RegistryServer(
            clock,
            validator,
            RegistryLimits.DEFAULTS,
            ranking.matcher(),
            ranking.exploration(new SplittableRandom(3)));
    for (int i = 0; i < 30; i++) {
      PrivateKey k = Fixtures.key(100 + i);
      keys.add(k);
      SignedDescriptor sd = Fixtures.signed(k, "img", 1, Fixtures.T0, 3600);
      r.handle(k.peerId(), new RegistryMessage.Register(sd.toJsonBytes()));
    }
    return r;
  }

  List<PeerId> ask(RegistryServer r, Query q) {
    List<PeerId> out = new ArrayList<>();
    for (Bytes b :
        ((RegistryMessage.Found) r.handle(Fixtures.key(999).peerId(), new RegistryMessage.Find(q)))
            .descriptors()) {
      out.add(
          ((io.ap2p.core.verdict.Verdict.Accepted<SignedDescriptor>)
                  validator.validate(b, Optional.empty()))
              .value()
              .descriptor()
              .peer());
    }
    return out;
  }

  static Query image(int limit) {
    return Query.forTag(new CapabilityTag("image"), limit);
  }

  @Test
  void excludedProvidersAreLeftOutAndTheAnswerStaysFull() {
    RegistryServer r = registry(RegistryRanking.PAPER);
    List<PeerId> first = ask(r, image(5));
    assertThat(first).hasSize(5);
    List<PeerId> second = ask(r, image(5).scoped(Set.copyOf(first), List.of(), 0));
    assertThat(second).hasSize(5).doesNotContainAnyElementsOf(first);
    // equal to the unscoped answer's next five: excluding the best pages past them
    assertThat(second).isEqualTo(ask(r, image(10)).subList(5, 10));
  }

  @Test
  void recalledProvidersComeFirstEvenWhenTheyRankLast() {
    RegistryServer r = registry(RegistryRanking.PAPER);
    List<PeerId> all = ask(r, image(30));
    PeerId last = all.get(29);
    List<PeerId> answer = ask(r, image(5).scoped(Set.of(), List.of(last), 0));
    assertThat(answer).hasSize(5);
    assertThat(answer.get(0)).isEqualTo(last);
    assertThat(answer.subList(1, 5)).isEqualTo(all.subList(0, 4));
    // a recalled provider that is also excluded is left out; an unknown one adds nothing
    assertThat(ask(r, image(5).scoped(Set.of(last), List.of(last), 0))).doesNotContain(last);
    assertThat(ask(r, image(5).scoped(Set.of(), List.of(Fixtures.key(5000).peerId()), 0)))
        .isEqualTo(all.subList(0, 5));
  }

  @Test
  void anOffsetPagesThroughTheRankedMatches() {
    RegistryServer r = registry(RegistryRanking.PAPER);
    List<PeerId> all = ask(r, image(30));
    assertThat(ask(r, image(5).scoped(Set.of(), List.of(), 5))).isEqualTo(all.subList(5, 10));
    assertThat(ask(r, image(5).scoped(Set.of(), List.of(), 28))).isEqualTo(all.subList(28, 30));
    assertThat(ask(r, image(5).scoped(Set.of(), List.of(), 1000))).isEmpty();
  }

  @Test
  void exploringRegistriesStillHonourTheScope() {
    RegistryServer r = registry(RegistryRanking.DEFAULTS);
    List<PeerId> excluded = ask(r, image(8));
    List<PeerId> answer = ask(r, image(8).scoped(Set.copyOf(excluded), List.of(), 0));
    assertThat(answer).hasSize(8).doesNotContainAnyElementsOf(excluded);
  }

  @Test
  void scopedQueriesRoundTripAndUnscopedOnesEncodeAsBefore() throws Exception {
    Query plain = image(5);
    Query scoped =
        plain.scoped(
            Set.of(Fixtures.key(1).peerId(), Fixtures.key(2).peerId()),
            List.of(Fixtures.key(3).peerId()),
            7);
    for (Query q : List.of(plain, scoped)) {
      RegistryMessage.Find f = new RegistryMessage.Find(q);
      Bytes enc = RegistryCodec.encode(f);
      assertThat(RegistryCodec.decode(enc)).isEqualTo(f);
      assertThat(f.encodedSize()).isEqualTo(enc.length());
    }
    assertThat(RegistryCodec.encodeQuery(plain))
        .isEqualTo(RegistryCodec.encodeQuery(plain.scoped(Set.of(), List.of(), 0)));
  }

  static Bytes find(ProtoWriter query) {
    return new ProtoWriter().varint(1, 1).bytes(4, query.toBytes()).toBytes();
  }

  @Test
  void hostileScopesAreRefusedWithATypedError() {
    ProtoWriter tooMany = new ProtoWriter().string(2, "image").varint(8, 5);
    for (int i = 0; i <= Query.MAX_EXCLUDE; i++) {
      tooMany.bytes(9, Fixtures.key(i).peerId().multihash());
    }
    assertThatThrownBy(() -> RegistryCodec.decode(find(tooMany)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("excluded");
    ProtoWriter tooManyRecalls = new ProtoWriter().string(2, "image").varint(8, 5);
    for (int i = 0; i <= Query.MAX_RECALL; i++) {
      tooManyRecalls.bytes(10, Fixtures.key(i).peerId().multihash());
    }
    assertThatThrownBy(() -> RegistryCodec.decode(find(tooManyRecalls)))
        .isInstanceOf(WireFormatException.class);
    ProtoWriter forged =
        new ProtoWriter().string(2, "image").bytes(9, Bytes.wrap(new byte[] {0, 36, 8, 1, 18}));
    assertThatThrownBy(() -> RegistryCodec.decode(find(forged)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("peer id");
    ProtoWriter oversized = new ProtoWriter().string(2, "image").bytes(9, Bytes.wrap(new byte[65]));
    assertThatThrownBy(() -> RegistryCodec.decode(find(oversized)))
        .isInstanceOf(WireFormatException.class);
    ProtoWriter farPage = new ProtoWriter().string(2, "image").varint(11, Query.MAX_OFFSET + 1);
    assertThatThrownBy(() -> RegistryCodec.decode(find(farPage)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("offset");
    ProtoWriter huge = new ProtoWriter().string(2, "image").varint(11, Long.MAX_VALUE);
    assertThatThrownBy(() -> RegistryCodec.decode(find(huge)))
        .isInstanceOf(WireFormatException.class);
    // truncated at every length: a typed failure or a valid message, never anything else
    Bytes whole =
        RegistryCodec.encode(
            new RegistryMessage.Find(
                image(5)
                    .scoped(
                        Set.of(Fixtures.key(1).peerId()), List.of(Fixtures.key(2).peerId()), 3)));
    for (int n = 0; n < whole.length(); n++) {
      byte[] part = Arrays.copyOf(whole.toByteArray(), n);
      try {
        RegistryCodec.decode(Bytes.wrap(part));
      } catch (WireFormatException expected) {
        // typed
      }
    }
    assertThatThrownBy(
            () ->
                image(5)
                    .scoped(
                        Collections.nCopies(1, Fixtures.key(1).peerId()).stream()
                            .collect(java.util.stream.Collectors.toSet()),
                        List.of(),
                        -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Optional.of(image(5).scoped()).get()).isFalse();
  }
}
