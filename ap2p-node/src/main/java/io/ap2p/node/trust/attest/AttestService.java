package io.ap2p.node.trust.attest;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.attest.AttestCodec;
import io.ap2p.core.trust.attest.AttestJudge;
import io.ap2p.core.trust.attest.AttestMessage;
import io.ap2p.core.trust.attest.AttestRefusal;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attestor role ({@code ap2p node start --attestor}): serves {@code /ap2p/attest/1.0.0}. For
 * each stream it reads one request (within {@link #READ_TIMEOUT} and {@link
 * AttestCodec#MAX_FRAME}), judges it ({@link AttestJudge}: the asker's own, verifying, fresh
 * receipt for these bytes; then {@link Reexecution}: the output is the right one), and answers with
 * its countersignature or a refusal with a reason. At most {@link #CONCURRENT} requests are judged
 * at once (a request waits up to {@link #SLOT_WAIT} for a slot), and {@link #PER_PEER} per peer;
 * more are refused as BUSY. A malformed request is answered PROTOCOL and its stream closed; nothing
 * a peer sends stops the service.
 */
public final class AttestService implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AttestService.class.getName());

  /** Requests judged at once. */
  public static final int CONCURRENT = 4;

  /** Requests of one peer in flight at once; {@link AttestClient} keeps within it. */
  public static final int PER_PEER = 2;

  /** How long a request waits for one of the {@link #CONCURRENT} slots before BUSY. */
  public static final Duration SLOT_WAIT = Duration.ofSeconds(2);

  /** Time a requester has to send its request. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** How old a run may be when its receipt is attested: one minute, with 5 s of clock skew. */
  public static final AttestJudge JUDGE = new AttestJudge(60_000, 5_000);

  private final Host host;
  private final PrivateKey identity;
  private final Clock clock;
  private final Reexecution reexecution;
  private final Semaphore slots = new Semaphore(CONCURRENT);
  private final Map<io.ap2p.core.identity.PeerId, Integer> inFlight =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong countersigned = new AtomicLong();
  private final Map<AttestRefusal, AtomicLong> refused = new EnumMap<>(AttestRefusal.class);

  /** Serves the role on {@code host}, countersigning as {@code identity}. */
  public AttestService(Host host, PrivateKey identity, Clock clock) {
    this.host = host;
    this.identity = identity;
    this.clock = clock;
    this.reexecution = new Reexecution(clock);
    for (AttestRefusal r : AttestRefusal.values()) {
      refused.put(r, new AtomicLong());
    }
    host.handle(AttestCodec.PROTOCOL, this::serve);
  }

  /** Countersignatures given, and refusals by reason. */
  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    out.put("countersigned", countersigned.get());
    refused.forEach((r, n) -> out.put("refused." + r.name(), n.get()));
    return out;
  }

  private void serve(Stream s) throws IOException {
    io.ap2p.core.identity.PeerId peer = s.remotePeer();
    if (inFlight.merge(peer, 1, Integer::sum) > PER_PEER) {
      inFlight.computeIfPresent(peer, (p, n) -> n == 1 ? null : n - 1);
      answer(s, new AttestMessage.Refused(AttestRefusal.BUSY, PER_PEER + " requests per peer"));
      return;
    }
    try {
      boolean slot;
      try {
        slot = slots.tryAcquire(SLOT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        s.reset();
        return;
      }
      if (!slot) {
        answer(s, new AttestMessage.Refused(AttestRefusal.BUSY, "too many requests at once"));
        return;
      }
      try {
        answer(s, judge(s));
      } finally {
        slots.release();
      }
    } finally {
      inFlight.computeIfPresent(peer, (p, n) -> n == 1 ? null : n - 1);
    }
  }

  private AttestMessage judge(Stream s) {
    s.setReadTimeout(READ_TIMEOUT);
    AttestMessage m;
    try {
      Optional<byte[]> frame = LengthPrefixed.readIfAny(s.in(), AttestCodec.MAX_FRAME);
      if (frame.isEmpty()) {
        return new AttestMessage.Refused(AttestRefusal.PROTOCOL, "no request");
      }
      m = AttestCodec.decode(Bytes.wrap(frame.get()));
    } catch (ProtocolViolationException | WireFormatException e) {
      return new AttestMessage.Refused(AttestRefusal.PROTOCOL, e.getMessage());
    } catch (IOException e) {
      return new AttestMessage.Refused(AttestRefusal.PROTOCOL, "request not read: " + e);
    }
    if (!(m instanceof AttestMessage.Request request)) {
      return new AttestMessage.Refused(AttestRefusal.PROTOCOL, "not a request");
    }
    Optional<AttestMessage.Refused> no =
        JUDGE
            .precheck(request, s.remotePeer(), clock.millis())
            .or(() -> reexecution.judge(request));
    if (no.isPresent()) {
      return no.get();
    }
    return AttestJudge.countersign(request.receipt(), identity);
  }

  private void answer(Stream s, AttestMessage m) {
    if (m instanceof AttestMessage.Refused r) {
      refused.get(r.reason()).incrementAndGet();
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "attestation refused to " + s.remotePeer() + ": " + r.reason() + " " + r.detail());
    } else {
      countersigned.incrementAndGet();
    }
    try {
      LengthPrefixed.write(s.out(), AttestCodec.encode(m).toByteArray());
      s.closeWrite();
    } catch (IOException e) {
      s.reset(); // the provider went away
    }
  }

  /** Stops serving the role. */
  @Override
  public void close() {
    host.unhandle(AttestCodec.PROTOCOL);
  }
}
