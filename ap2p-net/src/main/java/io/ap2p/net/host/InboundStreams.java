package io.ap2p.net.host;

import io.ap2p.net.resource.Refusal;
import io.ap2p.net.transport.Multistream;
import io.ap2p.net.yamux.YamuxStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The streams peers open to a host: each negotiates its protocol (multistream-select, within the
 * negotiation timeout) and is served by that protocol's handler, within the connection's limits on
 * streams still negotiating and on handlers.
 */
final class InboundStreams {

  private static final Logger LOG = Logger.getLogger(Host.class.getName());

  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Duration negotiationTimeout;
  private final java.util.function.Supplier<HostEvents> events;

  InboundStreams(Duration negotiationTimeout, java.util.function.Supplier<HostEvents> events) {
    this.negotiationTimeout = negotiationTimeout;
    this.events = events;
  }

  void handle(String protocol, StreamHandler handler) {
    handlers.put(protocol, handler);
  }

  void unhandle(String protocol) {
    handlers.remove(protocol);
  }

  /** The protocols served, sorted. */
  List<String> protocols() {
    return List.copyOf(new TreeSet<>(handlers.keySet()));
  }

  /** Negotiates the protocol of stream {@code ys} that {@code c}'s peer opened, then serves it. */
  void serve(Connection c, YamuxStream ys) {
    if (c.scope().beginNegotiation().isPresent()) {
      ys.refuse(); // too many streams of this connection still negotiating: counts as a flood
      return;
    }
    String protocol;
    try {
      ys.setReadTimeout(negotiationTimeout);
      OutputStream out = new BufferedOutputStream(ys.outputStream(), 512);
      protocol = Multistream.accept(ys.inputStream(), out, handlers::containsKey, protocols());
      ys.setReadTimeout(Duration.ZERO);
    } catch (IOException e) {
      LOG.fine(() -> "stream negotiation with " + c + " failed: " + e.getMessage());
      ys.reset();
      return;
    } finally {
      c.scope().endNegotiation();
    }
    StreamHandler h = handlers.get(protocol);
    if (h == null) {
      ys.reset();
      return;
    }
    Optional<Refusal> no = c.scope().beginHandler(protocol);
    if (no.isPresent()) {
      LOG.fine(() -> protocol + " from " + c + " reset: " + no.get().counterName());
      ys.reset();
      return;
    }
    events.get().streamOpened(false, protocol);
    try {
      h.handle(new Stream(protocol, c, ys));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "handler for " + protocol + " failed on " + c, e);
      ys.reset();
    } finally {
      c.scope().endHandler(protocol);
    }
  }
}
