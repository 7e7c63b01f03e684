package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.trust.revocation.SignedRevocation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A full revocation table (filled by throwaway keys) does not stop a provider's withdrawal. */
class RegistryFullRevocationTableTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final RegistryServer server =
      new RegistryServer(
          clock,
          new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
          new RegistryLimits(
              io.ap2p.core.discovery.SoftStateTable.Limits.DEFAULTS,
              1e9,
              1e9,
              100_000,
              new RevocationLimits(86_430_000L, 30L * 86_400_000L, 30_000, 64, 50)),
          new Matcher(RankingWeights.DEFAULT));

  @Test
  void aProvidersSignedWithdrawalStillWithdrawsWhenTheTableIsFull() {
    PrivateKey a = Fixtures.key(1);
    server.handle(
        a.peerId(),
        new RegistryMessage.Register(
            Fixtures.signed(a, "img", 5, Fixtures.T0, 3600).toJsonBytes()));
    for (int i = 0; i < 50; i++) { // any peer, its own throwaway keys, 30-day retention
      PrivateKey junk = Fixtures.key(1000 + i);
      server.handle(
          junk.peerId(),
          new RegistryMessage.Revoke(
              SignedRevocation.sign(
                      new Revocation.Compromise(junk.publicKey(), clock.millis()), junk)
                  .encoded()));
    }
    RegistryMessage.Ack ack =
        (RegistryMessage.Ack)
            server.handle(
                a.peerId(),
                new RegistryMessage.Revoke(
                    SignedRevocation.sign(
                            new Revocation.OfDescriptor(a.publicKey(), "img", 5, clock.millis()), a)
                        .encoded()));
    RegistryMessage.Found found =
        (RegistryMessage.Found)
            server.handle(
                a.peerId(),
                new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 100)));
    assertThat(found.descriptors()).as(ack.toString()).isEmpty();
  }

  RegistryMessage send(PrivateKey from, SignedRevocation s) {
    return server.handle(from.peerId(), new RegistryMessage.Revoke(s.encoded()));
  }

  @Test
  void throwawayKeysCannotCrowdOutARealCompromise() {
    PrivateKey a = Fixtures.key(1);
    server.handle(
        a.peerId(),
        new RegistryMessage.Register(
            Fixtures.signed(a, "img", 5, Fixtures.T0, 3600).toJsonBytes()));
    // throwaway identities (never registered) fill the table with their own compromises and
    // descriptor revocations, each within the per-key caps, and keep sending
    int accepted = 0;
    for (int i = 0; i < 30; i++) {
      PrivateKey junk = Fixtures.key(2000 + i);
      List<SignedRevocation> flood = new ArrayList<>();
      flood.add(
          SignedRevocation.sign(new Revocation.Compromise(junk.publicKey(), clock.millis()), junk));
      for (int j = 0; j < 3; j++) {
        flood.add(
            SignedRevocation.sign(
                new Revocation.OfDescriptor(junk.publicKey(), "x" + j, 9, clock.millis()), junk));
      }
      for (SignedRevocation s : flood) {
        if (send(junk, s) instanceof RegistryMessage.Ack ack
            && ack.status() == RegistryMessage.Status.ACCEPTED) {
          accepted++;
        }
      }
    }
    Revocations held = server.revocations().held();
    assertThat(accepted)
        .as("the flood was taken while there was room, then churned")
        .isEqualTo(120);
    assertThat(held.size()).isEqualTo(50);
    // the owner of a key the registry holds a descriptor for declares it compromised: taken,
    // applied and served, whatever the flood left
    SignedRevocation real =
        SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), clock.millis()), a);
    RegistryMessage.Ack ack = (RegistryMessage.Ack) send(Fixtures.key(3), real);
    assertThat(ack.status()).as(ack.toString()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(ack.detail()).startsWith("1 descriptor");
    RegistryMessage.Revoked about =
        (RegistryMessage.Revoked)
            server.handle(
                Fixtures.key(3).peerId(), new RegistryMessage.RevocationsOf(List.of(a.peerId())));
    assertThat(about.revocations()).contains(real.encoded());
    // and more throwaway revocations do not push it out
    for (int i = 0; i < 60; i++) {
      PrivateKey junk = Fixtures.key(3000 + i);
      send(
          junk,
          SignedRevocation.sign(new Revocation.Compromise(junk.publicKey(), clock.millis()), junk));
    }
    assertThat(held.size()).isEqualTo(50);
    assertThat(held.about(a.peerId())).contains(real);
    assertThat(held.unfavoured()).isEqualTo(49);
    RegistryMessage.Ack again =
        (RegistryMessage.Ack)
            server.handle(
                a.peerId(),
                new RegistryMessage.Register(
                    Fixtures.signed(a, "img", 6, Fixtures.T0, 3600).toJsonBytes()));
    assertThat(again.reason()).isEqualTo("KEY_COMPROMISED");
  }

  @Test
  void aPublisherFallsBackToAPlainWithdrawWhenTheRevocationIsNotKept() {
    PrivateKey a = Fixtures.key(1);
    RegistryMessage.Revoke revoke =
        new RegistryMessage.Revoke(
            SignedRevocation.sign(
                    new Revocation.OfDescriptor(a.publicKey(), "img", 5, clock.millis()), a)
                .encoded());
    RegistryMessage.Ack full =
        new RegistryMessage.Ack(RegistryMessage.Status.REJECTED, "TABLE_FULL", "", 0);
    RegistryMessage.Ack old =
        new RegistryMessage.Ack(RegistryMessage.Status.REJECTED, "UNEXPECTED", "", 0);
    RegistryMessage.Ack kept =
        new RegistryMessage.Ack(RegistryMessage.Status.ACCEPTED, "REVOKED", "", 0);
    assertThat(RegistryPublisher.fallback(revoke, full))
        .contains(new RegistryMessage.Withdraw("img", 5));
    assertThat(RegistryPublisher.fallback(revoke, old))
        .contains(new RegistryMessage.Withdraw("img", 5));
    assertThat(RegistryPublisher.fallback(revoke, kept)).isEmpty();
    assertThat(RegistryPublisher.fallback(new RegistryMessage.Withdraw("img", 5), full)).isEmpty();
  }
}
