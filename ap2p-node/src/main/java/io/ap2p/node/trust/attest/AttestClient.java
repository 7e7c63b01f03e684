package io.ap2p.node.trust.attest;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.VerificationSupport;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.attest.AttestCodec;
import io.ap2p.core.trust.attest.AttestJudge;
import io.ap2p.core.trust.attest.AttestMessage;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.node.execution.ReceiptAttestor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The provider's side of attestation ({@code --attestor-peer}): sends each receipt with the
 * capability, input and output to its attestor over {@code /ap2p/attest/1.0.0}, and passes on the
 * countersignature once it verifies as that attestor's over this receipt's body. A refusal, a
 * failure or silence leaves the receipt as the provider signed it (a requester that needs an
 * attestation then refuses it) and is reported to the log.
 */
public final class AttestClient implements ReceiptAttestor {

  private final Host host;
  private final Multiaddr attestor;
  private final PeerId attestorId;
  private final Consumer<String> log;
  private final AtomicLong attested = new AtomicLong();
  private final AtomicLong unattested = new AtomicLong();
  private final java.util.concurrent.Semaphore inFlight =
      new java.util.concurrent.Semaphore(AttestService.PER_PEER);

  /**
   * A client of the attestor at {@code attestor}, which must name its peer id ({@code /p2p/...}).
   *
   * @throws IllegalArgumentException if it does not
   */
  public AttestClient(Host host, Multiaddr attestor, Consumer<String> log) {
    this.host = host;
    this.attestor = attestor;
    this.attestorId =
        attestor
            .peerId()
            .orElseThrow(
                () -> new IllegalArgumentException("the attestor's address must end in /p2p/ID"));
    this.log = log;
  }

  /** The attestor's peer id. */
  public PeerId attestor() {
    return attestorId;
  }

  /** Receipts countersigned, and receipts that went out without a countersignature. */
  public long[] counts() {
    return new long[] {attested.get(), unattested.get()};
  }

  @Override
  public SignedReceipt attest(
      SignedReceipt r,
      String capability,
      String mediaType,
      Bytes input,
      Bytes output,
      Duration budget) {
    Optional<String> why;
    SignedReceipt out = r;
    if (input.length() > AttestCodec.MAX_INPUT || output.length() > AttestCodec.MAX_OUTPUT) {
      why = Optional.of("input or output over the attestation protocol's limits");
    } else {
      try {
        AttestMessage answer =
            call(new AttestMessage.Request(r, capability, mediaType, input, output), budget);
        switch (answer) {
          case AttestMessage.Countersigned c -> {
            out = AttestJudge.attach(r, c, attestorId);
            why = Optional.empty();
          }
          case AttestMessage.Refused f ->
              why = Optional.of("refused: " + f.reason() + " " + f.detail());
          case AttestMessage.Request q -> why = Optional.of("the attestor sent a request");
        }
      } catch (IOException | WireFormatException | IllegalArgumentException e) {
        why = Optional.of(e.getMessage());
      }
    }
    if (why.isPresent()) {
      unattested.incrementAndGet();
      log.accept("receipt of task " + r.body().taskId() + " not attested: " + why.get());
    } else {
      attested.incrementAndGet();
    }
    return out;
  }

  /** One request, within the attestor's per-peer limit: waits for a turn within the budget. */
  private AttestMessage call(AttestMessage.Request request, Duration budget)
      throws IOException, WireFormatException {
    long start = System.nanoTime();
    try {
      if (!inFlight.tryAcquire(budget.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new IOException("no turn with the attestor within " + budget.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    try {
      Duration left = budget.minusNanos(System.nanoTime() - start);
      return exchange(request, left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
    } finally {
      inFlight.release();
    }
  }

  private AttestMessage exchange(AttestMessage.Request request, Duration budget)
      throws IOException, WireFormatException {
    Stream s = host.connect(attestor).newStream(AttestCodec.PROTOCOL);
    try {
      s.setReadTimeout(budget);
      LengthPrefixed.write(s.out(), AttestCodec.encode(request).toByteArray());
      s.closeWrite();
      byte[] frame = LengthPrefixed.read(s.in(), AttestCodec.MAX_FRAME);
      s.close();
      return AttestCodec.decode(Bytes.wrap(frame));
    } catch (IOException | WireFormatException | RuntimeException e) {
      s.reset();
      throw e;
    }
  }

  /**
   * {@code d} announcing {@code attestor} as the one attestor it can present (replacing what its
   * template claimed); {@code d} announcing none when {@code attestor} is empty.
   */
  public static CapabilityDescriptor announce(CapabilityDescriptor d, Optional<PeerId> attestor) {
    VerificationSupport v = d.verification();
    VerificationSupport now =
        new VerificationSupport(
            v.canaries(),
            v.receipts() || attestor.isPresent(),
            attestor.isPresent(),
            attestor.map(List::of).orElse(List.of()));
    if (now.equals(v)) {
      return d;
    }
    return new CapabilityDescriptor(
        d.peer(),
        d.addrs(),
        d.id(),
        d.seq(),
        d.issuedAt(),
        d.ttlSeconds(),
        d.intent(),
        d.io(),
        d.constraints(),
        d.state(),
        d.qos(),
        now);
  }
}
