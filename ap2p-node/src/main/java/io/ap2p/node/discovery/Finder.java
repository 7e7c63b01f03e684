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
import io.ap2p.node.trust.RevocationBook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a registry (or several replicas, merged) for candidates, verifies every descriptor it
 * returns (signature, time window, size) itself, never trusting the registry's word, and ranks the
 * survivors locally with the requester's trust view, each match explaining its rank.
 */
public final class Finder {

  /** The answer: ranked matches and how many returned descriptors failed verification. */
  public record Result(List<Match> matches, int returned, int rejected) {}

  private final Host host;
  private final DescriptorValidator validator;
  private final Matcher matcher;
  private final RevocationCheck revocations;

  /** A finder on {@code host}, judging validity on {@code clock}. */
  public Finder(Host host, Clock clock) {
    this(host, clock, java.util.Optional.empty());
  }

  /**
   * A finder on {@code host}, judging validity on {@code clock}, that asks the registries for the
   * revocations of the providers they answer with and refuses what {@code book} then says is
   * revoked (docs/revocation.md).
   */
  public Finder(Host host, Clock clock, java.util.Optional<RevocationBook> book) {
    this.host = host;
    this.validator = new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS);
    this.matcher = new Matcher(RankingWeights.DEFAULT);
    this.revocations = new RevocationCheck(host, book);
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
    List<SignedDescriptor> kept = revocations.admissible(List.of(registry), valid);
    rejected += valid.size() - kept.size();
    return new Result(matcher.rank(query, kept, trust), got.size(), rejected);
  }

  /**
   * What several replicas answered, merged: per provider and capability the valid descriptor with
   * the highest seq, in the order first seen; which registries answered and which failed.
   */
  public record Merged(
      List<SignedDescriptor> descriptors,
      List<Multiaddr> answered,
      List<String> failed,
      int returned,
      int rejected) {}

  /**
   * Asks every registry of {@code registries} at once and ranks the merge of their verified
   * answers: a replica that hides a descriptor cannot hide it from the answer of another, and one
   * that forges or replays an old version loses to the signature check and the higher seq.
   *
   * @throws IOException if none of them answers
   */
  public Result find(List<Multiaddr> registries, Query query, TrustView trust) throws IOException {
    return rank(merged(registries, query), query, trust);
  }

  /** Ranks what {@link #merged} gathered, with the requester's trust view. */
  public Result rank(Merged m, Query query, TrustView trust) {
    return new Result(matcher.rank(query, m.descriptors(), trust), m.returned(), m.rejected());
  }

  /**
   * Asks every registry of {@code registries} at once (each within the protocol's timeout) and
   * merges their verified answers.
   *
   * @throws IOException if none of them answers
   */
  public Merged merged(List<Multiaddr> registries, Query query) throws IOException {
    List<java.util.concurrent.Future<List<Bytes>>> asks = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (Multiaddr r : registries) {
        asks.add(pool.submit(() -> raw(r, query)));
      }
    }
    java.util.Map<io.ap2p.core.discovery.DescriptorKey, SignedDescriptor> best =
        new java.util.LinkedHashMap<>();
    List<Multiaddr> answered = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int returned = 0;
    int rejected = 0;
    IOException last = null;
    for (int i = 0; i < registries.size(); i++) {
      List<Bytes> got;
      try {
        got = asks.get(i).get();
      } catch (java.util.concurrent.ExecutionException e) {
        last = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        failed.add(registries.get(i) + ": " + e.getCause().getMessage());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while querying registries");
      }
      answered.add(registries.get(i));
      returned += got.size();
      for (Bytes b : got) {
        if (validator.validate(b) instanceof Verdict.Accepted<SignedDescriptor> ok) {
          best.merge(ok.value().key(), ok.value(), (a, c) -> c.seq() > a.seq() ? c : a);
        } else {
          rejected++;
        }
      }
    }
    if (answered.isEmpty()) {
      throw last != null ? last : new IOException("no registry to ask");
    }
    List<SignedDescriptor> merged = List.copyOf(best.values());
    List<SignedDescriptor> kept = revocations.admissible(answered, merged);
    rejected += merged.size() - kept.size();
    return new Merged(kept, answered, failed, returned, rejected);
  }

  /**
   * The registry's answer to {@code query} without the descriptors a revocation covers (those
   * verified and revoked; the rest as they came, unverified).
   *
   * @throws IOException if it cannot be reached or answers out of protocol
   */
  public List<Bytes> unrevoked(Multiaddr registry, Query query) throws IOException {
    List<Bytes> got = raw(registry, query);
    if (!revocations.active() || got.isEmpty()) {
      return got;
    }
    java.util.Map<Bytes, SignedDescriptor> valid = new java.util.LinkedHashMap<>();
    for (Bytes b : got) {
      if (validator.validate(b) instanceof Verdict.Accepted<SignedDescriptor> ok) {
        valid.put(b, ok.value());
      }
    }
    java.util.Set<SignedDescriptor> kept =
        new java.util.HashSet<>(
            revocations.admissible(List.of(registry), List.copyOf(valid.values())));
    return got.stream().filter(b -> !valid.containsKey(b) || kept.contains(valid.get(b))).toList();
  }

  /**
   * The registry's answer to {@code query} as it came: signed descriptors, unverified.
   *
   * @throws IOException if it cannot be reached or answers out of protocol
   */
  public List<Bytes> raw(Multiaddr registry, Query query) throws IOException {
    RegistryMessage answer =
        RegistryProtocol.PROTOCOL
            .call(host, registry, new RegistryMessage.Find(query))
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
