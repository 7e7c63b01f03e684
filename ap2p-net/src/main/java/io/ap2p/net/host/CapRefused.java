package io.ap2p.net.host;

import io.ap2p.net.resource.Refusal;
import java.io.IOException;

/** An authenticated inbound connection refused by a connection cap (per peer or per IP). */
final class CapRefused extends IOException {
  private static final long serialVersionUID = 1L;

  CapRefused(Refusal reason) {
    super("inbound connection refused: " + reason.counterName());
  }
}
