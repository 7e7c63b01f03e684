package io.ap2p.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.HandshakeFailure;
import io.ap2p.node.execution.ExecutionLog;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The metrics without a node: labels a peer cannot inflate, the log passed on, formats. */
class NodeMetricsTest {

  static Exposition scrape(NodeMetrics m, boolean openMetrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    (openMetrics ? OpenMetricsTextFormatWriter.create() : PrometheusTextFormatWriter.create())
        .write(out, m.registry().scrape());
    return Exposition.parse(out.toString(StandardCharsets.UTF_8), openMetrics);
  }

  @Test
  void registryReasonsAreOursOrOther() throws Exception {
    NodeMetrics m = new NodeMetrics(SystemClock.INSTANCE);
    RegistryMessage register = new RegistryMessage.Register(Bytes.EMPTY);
    // a reason is whatever our registry answered; one it could not have is counted as "other",
    // so no input adds series
    for (String reason :
        new String[] {"BAD_SIGNATURE", "RATE_LIMITED", "BUSY", "x\"y\n", "A".repeat(5000)}) {
      m.discovery()
          .registryServed(
              register,
              new RegistryMessage.Ack(RegistryMessage.Status.REJECTED, reason, "", 0),
              1_000);
    }
    m.discovery()
        .registryServed(
            new RegistryMessage.Withdraw("c", 3),
            new RegistryMessage.Ack(RegistryMessage.Status.ACCEPTED, "WITHDRAWN", "", 0),
            1_000);
    Exposition e = scrape(m, true);
    String refused =
        "ap2p_registry_refusals_total{kind=\"register\",reason=\"%s\",status=\"rejected\"}";
    assertThat(e.get(refused.formatted("bad_signature"))).isEqualTo(1.0);
    assertThat(e.get(refused.formatted("rate_limited"))).isEqualTo(1.0);
    assertThat(e.get(refused.formatted("busy"))).isEqualTo(1.0);
    assertThat(e.get(refused.formatted("other"))).isEqualTo(2.0);
    assertThat(e.samples.keySet().stream().filter(k -> k.startsWith("ap2p_registry_refusals")))
        .hasSize(4);
    assertThat(e.get("ap2p_registry_admissions_total{kind=\"withdraw\"}")).isEqualTo(1.0);
  }

  @Test
  void streamProtocolsAreCapped() throws Exception {
    NodeMetrics m = new NodeMetrics(SystemClock.INSTANCE);
    for (int i = 0; i < HostMetrics.MAX_PROTOCOLS + 10; i++) {
      m.host().streamOpened(true, "/p/" + i);
    }
    m.host().streamOpened(true, "/p/0");
    m.host().handshakeFailed(false, HandshakeFailure.SECURITY);
    Exposition e = scrape(m, false);
    assertThat(e.samples.keySet().stream().filter(k -> k.startsWith("ap2p_streams_opened")))
        .hasSize(HostMetrics.MAX_PROTOCOLS + 1);
    assertThat(e.get("ap2p_streams_opened_total{direction=\"outbound\",protocol=\"other\"}"))
        .isEqualTo(10.0);
    assertThat(e.get("ap2p_streams_opened_total{direction=\"outbound\",protocol=\"/p/0\"}"))
        .isEqualTo(2.0);
    assertThat(e.get("ap2p_handshake_failures_total{direction=\"inbound\",reason=\"security\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void theLogIsPassedEveryCall() {
    // a method added to ExecutionLog later must be passed on too, or the database misses it
    List<String> missing = new ArrayList<>();
    for (Method x : ExecutionLog.class.getMethods()) {
      if (Modifier.isStatic(x.getModifiers())) {
        continue;
      }
      try {
        ExecutionMetrics.Tee.class.getDeclaredMethod(x.getName(), x.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(x.toString());
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void delegationsAreTimedFromStartToEnd() throws Exception {
    NodeMetrics m = new NodeMetrics(SystemClock.INSTANCE);
    List<String> seen = new ArrayList<>();
    ExecutionLog log =
        m.log(
            new ExecutionLog() {
              @Override
              public void delegationUpdated(
                  String id, String state, String detail, String json, long at) {
                seen.add(id + " " + state);
              }

              @Override
              public Optional<Bytes> lastGivenHash() {
                return Optional.of(Bytes.EMPTY);
              }
            });
    log.delegated("t1", "workflow", "{}", 1_000);
    log.delegated("t2", "something-else", "{}", 1_000);
    log.delegationUpdated("t1", "RUNNING", "", "", 2_000); // not an end
    log.delegationUpdated("t1", "SUCCEEDED", "", "", 3_500);
    log.delegationUpdated("t2", "FAILED", "", "", 1_500);
    log.delegationUpdated("t3", "FAILED", "", "", 1_500); // never seen starting: not timed
    assertThat(seen).containsExactly("t1 RUNNING", "t1 SUCCEEDED", "t2 FAILED", "t3 FAILED");
    assertThat(log.lastGivenHash()).contains(Bytes.EMPTY);
    Exposition e = scrape(m, true);
    String h = "ap2p_delegated_task_duration_seconds_";
    assertThat(e.get(h + "sum{kind=\"workflow\",outcome=\"succeeded\"}")).isEqualTo(2.5);
    assertThat(e.get(h + "bucket{kind=\"workflow\",le=\"2.5\",outcome=\"succeeded\"}"))
        .isEqualTo(1.0);
    assertThat(e.get(h + "bucket{kind=\"workflow\",le=\"1.0\",outcome=\"succeeded\"}")).isZero();
    assertThat(e.get(h + "count{kind=\"other\",outcome=\"failed\"}")).isEqualTo(1.0);
    assertThat(e.samples.keySet().stream().filter(k -> k.startsWith(h + "count"))).hasSize(2);
  }

  @Test
  void theParserRefusesWhatIsNotTheFormat() {
    for (String bad :
        new String[] {
          "x 1\n", // no TYPE
          "# TYPE x gauge\nx 1\nx 1\n", // duplicate series
          "# TYPE x gauge\ny 1\n", // another family
          "# TYPE x gauge\nx{a=\"1} 1\n", // unterminated label
          "# TYPE x gauge\nx one\n", // bad value
          "# TYPE x histogram\nx_bucket{le=\"1\"} 2\nx_bucket{le=\"+Inf\"} 1\nx_count 1\n",
          "# TYPE x gauge\nx 1\n# EOF\n", // EOF in the Prometheus format
        }) {
      assertThatThrownBy(() -> Exposition.parse(bad, false))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Exposition.parse("# TYPE x gauge\nx 1\n", true))
        .hasMessageContaining("EOF");
    assertThatThrownBy(() -> Exposition.parse("# TYPE x gauge\nx 1\n# EOF\nx 2\n", true))
        .hasMessageContaining("after # EOF");
  }
}
