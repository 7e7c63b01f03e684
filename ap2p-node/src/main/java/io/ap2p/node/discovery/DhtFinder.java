package io.ap2p.node.discovery;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.kademlia.CapabilityKeys;
import io.ap2p.core.discovery.kademlia.DhtClient;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds providers through the DHT: a GET_PROVIDERS lookup per queried tag, then each provider's own
 * descriptors over {@value DhtService#DESCRIPTOR_PROTOCOL}, verified here (signature, window, and
 * that the provider signed them itself) and ranked like registry answers.
 */
public final class DhtFinder {

  /** Most providers asked per tag. */
  public static final int PROVIDERS_PER_TAG = 20;

  private final DhtService dht;
  private final DescriptorValidator validator;
  private final Matcher matcher = new Matcher(RankingWeights.DEFAULT);

  private final Optional<io.ap2p.node.trust.RevocationBook> revocations;

  /** A finder over {@code dht}, judging validity on {@code clock}. */
  public DhtFinder(DhtService dht, Clock clock) {
    this(dht, clock, Optional.empty());
  }

  /**
   * A finder over {@code dht}, judging validity on {@code clock}, that looks up the revocation
   * records of the providers it finds and refuses what {@code revocations} then says is revoked.
   */
  public DhtFinder(
      DhtService dht, Clock clock, Optional<io.ap2p.node.trust.RevocationBook> revocations) {
    this.dht = dht;
    this.validator = new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS);
    this.revocations = revocations;
  }

  /**
   * Runs {@code query}; it needs at least one tag (the DHT is keyed by tags).
   *
   * @throws IllegalArgumentException if the query has no tag
   * @throws IOException if the lookups fail
   */
  public Finder.Result find(Query query, TrustView trust) throws IOException {
    if (query.tags().isEmpty()) {
      throw new IllegalArgumentException("a DHT query needs at least one tag");
    }
    Set<PeerId> providers = new LinkedHashSet<>();
    List<CompletableFuture<DhtClient.Result>> lookups = new ArrayList<>();
    for (CapabilityTag t : query.tags()) {
      lookups.add(dht.providers(CapabilityKeys.of(t), PROVIDERS_PER_TAG));
    }
    for (CompletableFuture<DhtClient.Result> f : lookups) {
      try {
        providers.addAll(f.get(60, TimeUnit.SECONDS).providers());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("DHT lookup failed: " + e.getMessage(), e);
      }
    }
    List<CompletableFuture<List<Bytes>>> fetches = new ArrayList<>();
    List<PeerId> order = new ArrayList<>(providers);
    for (PeerId p : order) {
      fetches.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return dht.fetchDescriptors(p, query.withLimit(Query.MAX_LIMIT));
                } catch (IOException e) {
                  return List.of();
                }
              },
              r -> Thread.ofVirtual().start(r)));
    }
    List<SignedDescriptor> valid = new ArrayList<>();
    int returned = 0;
    int rejected = 0;
    for (int i = 0; i < order.size(); i++) {
      List<Bytes> got = fetches.get(i).join();
      returned += got.size();
      for (Bytes b : got) {
        if (validator.validate(b, Optional.of(order.get(i)))
            instanceof Verdict.Accepted<SignedDescriptor> ok) {
          valid.add(ok.value());
        } else {
          rejected++;
        }
      }
    }
    if (revocations.isPresent() && !valid.isEmpty()) {
      DhtRevocations.lookUp(dht, valid, revocations.get());
      List<SignedDescriptor> kept = revocations.get().admissible(valid);
      rejected += valid.size() - kept.size();
      valid = kept;
    }
    return new Finder.Result(matcher.rank(query, valid, trust), returned, rejected);
  }
}
