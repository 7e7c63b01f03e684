package io.ap2p.net.host;

import io.ap2p.net.multiaddr.Multiaddr;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** TCP helpers of a host: the addresses a wildcard bind stands for, and dialling endpoints. */
final class Sockets {

  private Sockets() {}

  /** A wildcard bind is reported as every local address of its family. */
  static List<Multiaddr> expand(InetSocketAddress bound) throws SocketException {
    if (!bound.getAddress().isAnyLocalAddress()) {
      return List.of(Multiaddr.tcp(bound));
    }
    boolean v4 = bound.getAddress() instanceof Inet4Address;
    List<Multiaddr> out = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp()) {
        continue;
      }
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if ((a instanceof Inet4Address) == v4 && !a.isLinkLocalAddress()) {
          out.add(Multiaddr.tcp(new InetSocketAddress(a, bound.getPort())));
        }
      }
    }
    return out;
  }

  /** Connects a socket to the first endpoint that accepts (a DNS name may give several). */
  static Socket connectFirst(List<InetSocketAddress> endpoints, Duration timeout)
      throws IOException {
    IOException last = null;
    for (InetSocketAddress e : endpoints) {
      Socket s = new Socket();
      try {
        s.connect(e, (int) timeout.toMillis());
        return s;
      } catch (IOException ex) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
        last = ex;
      }
    }
    throw last;
  }
}
