package io.ap2p.net.protocol;

import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.PeerInfo;
import io.ap2p.net.host.Stream;
import io.ap2p.net.host.StreamHandler;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * identify ({@code /ipfs/id/1.0.0}): the dialler of the stream reads the remote's {@link
 * IdentifyRecord}, one varint-length-prefixed protobuf, and the remote closes.
 */
public final class Identify {

  /** The stream protocol id. */
  public static final String PROTOCOL_ID = IdentifyRecord.PROTOCOL_ID;

  /** The protocol version reported, as other libp2p implementations do. */
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  /** How long the requester waits for the record. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Identify() {}

  /** This host's record as seen by the remote of {@code c}. */
  public static IdentifyRecord recordFor(Host host, Connection c) {
    return new IdentifyRecord(
        host.publicKey(),
        host.listenAddrs(),
        Optional.of(c.remoteAddr()),
        host.protocols(),
        PROTOCOL_VERSION,
        host.agentVersion(),
        0);
  }

  /** The handler that answers identify requests for {@code host}. */
  public static StreamHandler handler(Host host) {
    return s -> {
      LengthPrefixed.write(s.out(), recordFor(host, s.connection()).encode());
      s.close();
    };
  }

  /**
   * Asks the remote of {@code c} who it is, checks the answer against the connection's
   * authenticated key, and records it in the host's peer store.
   *
   * @throws ProtocolViolationException if the record is malformed or claims another key
   */
  public static IdentifyRecord request(Host host, Connection c) throws IOException {
    try (Stream s = c.newStream(PROTOCOL_ID)) {
      s.setReadTimeout(TIMEOUT);
      IdentifyRecord r;
      try {
        r = IdentifyRecord.decode(LengthPrefixed.read(s.in(), IdentifyRecord.MAX_SIZE));
      } catch (WireFormatException e) {
        s.reset();
        throw new ProtocolViolationException("bad identify record: " + e.getMessage());
      }
      if (!r.publicKey().equals(c.remoteKey())) {
        s.reset();
        throw new ProtocolViolationException(
            "identify record names key of "
                + r.publicKey().peerId()
                + " on a connection authenticated as "
                + c.remotePeer());
      }
      host.peerStore()
          .put(new PeerInfo(c.remotePeer(), r.listenAddrs(), r.protocols(), r.agentVersion()));
      return r;
    }
  }
}
