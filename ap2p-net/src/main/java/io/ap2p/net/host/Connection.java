package io.ap2p.net.host;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.resource.ResourceManager;
import io.ap2p.net.yamux.YamuxSession;
import java.io.IOException;
import java.util.List;

/** An upgraded (Noise-secured, yamux-muxed) connection to an authenticated peer. */
public final class Connection implements AutoCloseable {

  private final Host host;
  private final PeerId remotePeer;
  private final PublicKey remoteKey;
  private final Multiaddr remoteAddr;
  private final Multiaddr localAddr;
  private final boolean outbound;
  private volatile YamuxSession session;
  private final ResourceManager.ConnectionScope scope;

  Connection(
      Host host,
      PeerId remotePeer,
      PublicKey remoteKey,
      Multiaddr remoteAddr,
      Multiaddr localAddr,
      boolean outbound,
      ResourceManager.ConnectionScope scope) {
    this.scope = scope;
    this.host = host;
    this.remotePeer = remotePeer;
    this.remoteKey = remoteKey;
    this.remoteAddr = remoteAddr;
    this.localAddr = localAddr;
    this.outbound = outbound;
  }

  void attach(YamuxSession s) {
    this.session = s;
  }

  ResourceManager.ConnectionScope scope() {
    return scope;
  }

  YamuxSession session() {
    return session;
  }

  /** The authenticated remote peer. */
  public PeerId remotePeer() {
    return remotePeer;
  }

  /** The remote's identity key, as authenticated by the handshake. */
  public PublicKey remoteKey() {
    return remoteKey;
  }

  /** The remote's address as seen on this connection (what identify reports as observed). */
  public Multiaddr remoteAddr() {
    return remoteAddr;
  }

  /** This side's address of the connection. */
  public Multiaddr localAddr() {
    return localAddr;
  }

  /** True if this side dialled. */
  public boolean outbound() {
    return outbound;
  }

  /** True once the connection is closed. */
  public boolean isClosed() {
    return session.isClosed();
  }

  /** Why the connection closed, or null while open. */
  public String closeReason() {
    return session.closeReason();
  }

  /**
   * Opens a stream and negotiates the first of {@code protocols} the remote supports.
   *
   * @throws io.ap2p.net.transport.NegotiationException if it supports none
   */
  public Stream newStream(List<String> protocols) throws IOException {
    return host.openStream(this, protocols);
  }

  /** Opens a stream for {@code protocol}. */
  public Stream newStream(String protocol) throws IOException {
    return newStream(List.of(protocol));
  }

  /** Closes the connection and its streams. */
  @Override
  public void close() {
    session.close();
  }

  @Override
  public String toString() {
    return (outbound ? "→ " : "← ") + remotePeer.shortForm() + " " + remoteAddr;
  }
}
