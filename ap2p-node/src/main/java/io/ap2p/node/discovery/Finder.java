package io.ap2p.node.discovery;

import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a registry for candidates, verifies every descriptor it returns (signature, time window,
 * size) itself, never trusting the registry's word, and ranks the survivors locally with the
 * requester's trust view, each match explaining its rank.
 */
public final class Finder {

  /** The answer: ranked matches and how many returned descriptors failed verification. */
  public record Result(List<Match> matches, int returned, int rejected) {}

  private final Host host;
  private final DescriptorValidator validator;
  private final Matcher matcher;

  /** A finder on {@code host}, judging validity on {@code clock}. */
  public Finder(Host host, Clock clock) {
    this.host = host;
    this.validator = new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS);
    this.matcher = new Matcher(RankingWeights.DEFAULT);
  }

  /**
   * Queries the registry at {@code registry}.
   *
   * @throws IOException if it cannot be reached or answers out of protocol
   */
  public Result find(Multiaddr registry, Query query, TrustView trust) throws IOException {
    List<Bytes> got = raw(registry, query);
    List<SignedDescriptor> valid = new ArrayList<>();
    int rejected = 0;
    for (Bytes b : got) {
      if (validator.validate(b) instanceof Verdict.Accepted<SignedDescriptor> ok) {
        valid.add(ok.value());
      } else {
        rejected++;
      }
    }
    return new Result(matcher.rank(query, valid, trust), got.size(), rejected);
  }

  /**
   * The registry's answer to {@code query} as it came: signed descriptors, unverified.
   *
   * @throws IOException if it cannot be reached or answers out of protocol
   */
  public List<Bytes> raw(Multiaddr registry, Query query) throws IOException {
    RegistryMessage answer =
        RegistryProtocol.PROTOCOL
            .call(host.connect(registry), new RegistryMessage.Find(query))
            .orElseThrow(() -> new ProtocolViolationException("registry closed without answering"));
    if (answer instanceof RegistryMessage.Ack ack) {
      throw new IOException("registry refused the query: " + ack.reason() + " " + ack.detail());
    }
    if (!(answer instanceof RegistryMessage.Found found)) {
      throw new ProtocolViolationException("registry answered a query with " + answer);
    }
    return found.descriptors();
  }
}
