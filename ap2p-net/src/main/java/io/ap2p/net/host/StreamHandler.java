package io.ap2p.net.host;

import java.io.IOException;

/** Serves one inbound stream of a registered protocol; runs on a virtual thread of its own. */
@FunctionalInterface
public interface StreamHandler {

  /**
   * Serves {@code stream}. Close it when done; a thrown exception resets it.
   *
   * @throws IOException on a stream failure, which resets the stream
   */
  void handle(Stream stream) throws IOException;
}
