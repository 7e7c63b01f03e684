package io.ap2p.node.execution;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.util.List;

/**
 * Where a requester finds candidates: a registry or the DHT; answers are verified by the caller.
 */
@FunctionalInterface
public interface CandidateSource {

  /**
   * Signed descriptors matching {@code query}, unverified.
   *
   * @throws IOException if discovery cannot be reached
   */
  List<Bytes> find(Query query) throws IOException;
}
