package io.ap2p.net.resource;

import java.util.Optional;

/**
 * What one connection's muxer asks before it takes on work for the remote: an inbound stream (and
 * so a thread to serve it) or more buffered bytes. Each answer is empty (granted) or the reason for
 * refusing, which the muxer turns into a stream reset.
 */
public interface ConnectionBudget {

  /** Admits one more inbound stream, or says why not. */
  Optional<Refusal> admitInboundStream();

  /** An admitted inbound stream is gone. */
  void inboundStreamClosed();

  /** Reserves {@code bytes} of buffer for data received and not yet read, or says why not. */
  Optional<Refusal> reserveBytes(int bytes);

  /**
   * Gives back {@code bytes} reserved earlier (the application read them, or they were dropped).
   */
  void releaseBytes(int bytes);

  /** Counts a refusal the muxer decided on its own (such as its per-connection stream limit). */
  void refused(Refusal reason);

  /** No limits and no counting: for sessions outside a host (tests, tools). */
  ConnectionBudget UNLIMITED =
      new ConnectionBudget() {
        @Override
        public Optional<Refusal> admitInboundStream() {
          return Optional.empty();
        }

        @Override
        public void inboundStreamClosed() {}

        @Override
        public Optional<Refusal> reserveBytes(int bytes) {
          return Optional.empty();
        }

        @Override
        public void releaseBytes(int bytes) {}

        @Override
        public void refused(Refusal reason) {}
      };
}
