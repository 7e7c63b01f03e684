package io.ap2p.cli.net;

import io.ap2p.net.noise.NoiseException;
import io.ap2p.net.noise.PeerIdMismatchException;
import io.ap2p.net.transport.NegotiationException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Turns a failed dial or exchange into the one-line reason a user reads. */
public final class DialFailures {

  private DialFailures() {}

  /** The reason for {@code e}, in words. */
  public static String describe(IOException e) {
    String m = String.valueOf(e.getMessage());
    if (e instanceof PeerIdMismatchException) {
      return m;
    }
    if (e instanceof ConnectException) {
      return "connection refused (" + m + ")";
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out (" + m + ")";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + m;
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to host (" + m + ")";
    }
    if (e instanceof NoiseException) {
      return "handshake failed: " + m;
    }
    if (e instanceof NegotiationException) {
      return "protocol negotiation failed: " + m;
    }
    if (e instanceof EOFException) {
      return "the remote closed the connection (" + m + ")";
    }
    if (m.contains("Socket closed") || m.contains("Connection reset")) {
      return "the remote hung up (" + m + ")";
    }
    return m;
  }
}
