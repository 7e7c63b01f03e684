package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Publishing many descriptors through a stuck sink costs a fixed number of threads. */
class PublisherRuntimeTest {

  static final SecureRandom RANDOM = new SecureRandom();

  static CapabilityDescriptor template(PrivateKey key, String id) throws Exception {
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    t.put("id", id);
    return DescriptorSigning.fromTemplate(t, key, SystemClock.INSTANCE.instant());
  }

  @Test
  void aStuckSinkHoldsAtMostTheSendersAndEverySendRunsOnceItMoves() throws Exception {
    PrivateKey key = PrivateKey.generate(RANDOM);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    int n = 40;
    try (Host host =
            Host.start(
                HostConfig.of(key, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), "ap2p/test"));
        PublisherRuntime runtime =
            new PublisherRuntime(
                host,
                key,
                SystemClock.INSTANCE,
                RANDOM,
                (RegistryPublisher.Action.Send s) -> {
                  most.accumulateAndGet(now.incrementAndGet(), Math::max);
                  try {
                    gate.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  sent.add(s.capabilityId());
                  now.decrementAndGet();
                })) {
      for (int i = 0; i < n; i++) {
        runtime.publish(template(key, "cap-" + i));
      }
      // every sender reaches the stuck sink (on a loaded machine this can take a while) ...
      long full = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (most.get() < PublisherRuntime.SENDERS && System.nanoTime() < full) {
        Thread.sleep(10);
      }
      assertThat(most.get()).isEqualTo(PublisherRuntime.SENDERS);
      Thread.sleep(200); // ... and no more threads come while it stays stuck
      assertThat(most.get()).isEqualTo(PublisherRuntime.SENDERS);
      assertThat(runtime.pendingSends()).isLessThanOrEqualTo(n);
      gate.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sent.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(sent).hasSize(n);
      assertThat(most.get()).isEqualTo(PublisherRuntime.SENDERS);
    }
  }
}
