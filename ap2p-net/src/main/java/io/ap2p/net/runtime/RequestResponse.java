package io.ap2p.net.runtime;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * A request/response protocol over streams: the requester opens a stream, writes one
 * varint-length-prefixed request and half-closes; the responder answers with at most one message
 * and closes. Messages past the codec's limit or malformed reset the stream; the connection lives
 * on.
 *
 * @param <Q> request type
 * @param <A> answer type
 */
public final class RequestResponse<Q, A> {

  private static final Logger LOG = Logger.getLogger(RequestResponse.class.getName());

  private final String protocol;
  private final WireCodec<Q> requests;
  private final WireCodec<A> answers;
  private final Duration timeout;
  private final int maxInFlightPerConnection;
  private final java.util.Map<Connection, java.util.concurrent.atomic.AtomicInteger> inFlight =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
  // the handler each host serves, so a host can call its own protocol in-process (a host never
  // dials itself); weak, so a host that is gone leaves nothing behind. The handler is held weakly
  // too (the host's stream handler holds it while it serves): a handler reaches its host (a
  // service holds the host it serves on), and a strong value would keep the weak key alive for
  // ever when a service stops with host.unhandle instead of unserve
  private final java.util.Map<Host, java.lang.ref.WeakReference<BiFunction<PeerId, Q, Optional<A>>>>
      served = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** Requests one connection may have open at once, by default. */
  public static final int DEFAULT_IN_FLIGHT = 8;

  /**
   * A protocol named {@code protocol} (such as {@code /ap2p/registry/1.0.0}).
   *
   * @param timeout how long either side waits for the other's message
   */
  public RequestResponse(
      String protocol, WireCodec<Q> requests, WireCodec<A> answers, Duration timeout) {
    this(protocol, requests, answers, timeout, DEFAULT_IN_FLIGHT);
  }

  /**
   * A protocol with a per-connection limit on requests served at once: a stream beyond it is reset
   * before anything is read, so one connection cannot tie up the server's handlers.
   */
  public RequestResponse(
      String protocol,
      WireCodec<Q> requests,
      WireCodec<A> answers,
      Duration timeout,
      int maxInFlightPerConnection) {
    if (maxInFlightPerConnection < 1) {
      throw new IllegalArgumentException("the in-flight limit must be positive");
    }
    this.protocol = protocol;
    this.requests = requests;
    this.answers = answers;
    this.timeout = timeout;
    this.maxInFlightPerConnection = maxInFlightPerConnection;
  }

  /** The protocol id. */
  public String protocol() {
    return protocol;
  }

  /**
   * Serves the protocol on {@code host}: each request goes to {@code handler} with the
   * authenticated remote peer; an empty answer closes the stream without one.
   */
  public void serve(Host host, BiFunction<PeerId, Q, Optional<A>> handler) {
    serve(host, handler, Optional.empty());
  }

  /**
   * Serves the protocol, answering {@code busy} (without reading the request) to a request beyond
   * the per-connection in-flight limit, where the protocol has such an answer; without one the
   * stream is reset. Either way the refusal is counted as {@link Refusal#BUSY}.
   */
  public void serve(Host host, BiFunction<PeerId, Q, Optional<A>> handler, Optional<A> busy) {
    served.put(host, new java.lang.ref.WeakReference<>(handler));
    host.handle(
        protocol,
        s -> {
          java.util.concurrent.atomic.AtomicInteger n =
              inFlight.computeIfAbsent(
                  s.connection(), c -> new java.util.concurrent.atomic.AtomicInteger());
          if (n.incrementAndGet() > maxInFlightPerConnection) {
            n.decrementAndGet();
            LOG.fine(() -> protocol + ": too many requests at once from " + s.remotePeer());
            host.refusals().add(Refusal.BUSY);
            answerBusy(s, busy);
            return;
          }
          try {
            serveOne(s, handler);
          } finally {
            n.decrementAndGet();
          }
        });
  }

  /**
   * Answers {@code busy} and half-closes, then reads and drops the request (at most a message,
   * within {@link #BUSY_DRAIN}) so the requester, still writing, is not cut off before it reads the
   * answer; without a busy answer, or past those bounds, the stream is reset.
   */
  private void answerBusy(Stream s, Optional<A> busy) {
    if (busy.isEmpty()) {
      s.reset();
      return;
    }
    try {
      LengthPrefixed.write(s.out(), answers.encode(busy.get()).toByteArray());
      s.closeWrite();
      s.setReadTimeout(BUSY_DRAIN);
      long left = requests.maxMessage() + 10L;
      byte[] buf = new byte[4096];
      int n;
      while (left > 0 && (n = s.in().read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
        left -= n;
      }
      if (left <= 0) {
        s.reset();
      }
    } catch (IOException e) {
      s.reset();
    }
  }

  /** How long a BUSY answer waits for the rest of the request it drops. */
  static final Duration BUSY_DRAIN = Duration.ofSeconds(2);

  private void serveOne(Stream s, BiFunction<PeerId, Q, Optional<A>> handler) throws IOException {
    s.setReadTimeout(timeout);
    Q request;
    try {
      request = requests.decode(Bytes.wrap(LengthPrefixed.read(s.in(), requests.maxMessage())));
    } catch (WireFormatException e) {
      LOG.fine(() -> protocol + ": bad request from " + s.remotePeer() + ": " + e.getMessage());
      s.reset();
      return;
    }
    Optional<A> answer = handler.apply(s.remotePeer(), request);
    if (answer.isPresent()) {
      LengthPrefixed.write(s.out(), answers.encode(answer.get()).toByteArray());
    }
    s.close();
  }

  /**
   * Sends {@code request} over a new stream on {@code c} and waits for the answer.
   *
   * @return the answer, or empty if the responder closed without one
   * @throws ProtocolViolationException if the answer is malformed or too large
   */
  public Optional<A> call(Connection c, Q request) throws IOException {
    try (Stream s = c.newStream(protocol)) {
      s.setReadTimeout(timeout);
      LengthPrefixed.write(s.out(), requests.encode(request).toByteArray());
      s.closeWrite();
      Optional<byte[]> answer = LengthPrefixed.readIfAny(s.in(), answers.maxMessage());
      if (answer.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(answers.decode(Bytes.wrap(answer.get())));
      } catch (WireFormatException e) {
        s.reset();
        throw new ProtocolViolationException(protocol + ": bad answer: " + e.getMessage());
      }
    }
  }

  /** Stops serving the protocol on {@code host}. */
  public void unserve(Host host) {
    served.remove(host);
    host.unhandle(protocol);
  }

  /**
   * Dials {@code host}'s peer at {@code addr} (or reuses a connection) and calls. When {@code addr}
   * names {@code host} itself and the host serves this protocol, the request goes to its handler
   * in-process instead (a node that serves a registry publishes to and queries it this way): both
   * messages still pass through the codecs and their limits, and the handler sees the host's own
   * peer id.
   */
  public Optional<A> call(Host host, io.ap2p.net.multiaddr.Multiaddr addr, Q request)
      throws IOException {
    BiFunction<PeerId, Q, Optional<A>> own =
        addr.peerId()
            .filter(host.peerId()::equals)
            .map(id -> served.get(host))
            .map(java.lang.ref.WeakReference::get)
            .orElse(null);
    if (own == null) {
      return call(host.connect(addr), request);
    }
    try {
      Q copy = requests.decode(within(requests, requests.encode(request)));
      Optional<A> answer = own.apply(host.peerId(), copy);
      return answer.isEmpty()
          ? answer
          : Optional.of(answers.decode(within(answers, answers.encode(answer.get()))));
    } catch (WireFormatException e) {
      throw new ProtocolViolationException(protocol + ": in-process call: " + e.getMessage());
    }
  }

  private Bytes within(WireCodec<?> codec, Bytes encoded) throws ProtocolViolationException {
    if (encoded.length() > codec.maxMessage()) {
      throw new ProtocolViolationException(
          protocol + ": message of " + encoded.length() + " bytes, over " + codec.maxMessage());
    }
    return encoded;
  }
}
