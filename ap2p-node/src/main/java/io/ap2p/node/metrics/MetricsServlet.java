package io.ap2p.node.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} on the local API, behind its bearer token like every other endpoint: the
 * node's registry in the Prometheus text format (0.0.4), or in OpenMetrics 1.0 when the {@code
 * Accept} header asks for {@code application/openmetrics-text} (as Prometheus does). Other methods
 * get 405.
 */
public final class MetricsServlet extends HttpServlet {

  /** Where it is mounted. */
  public static final String PATH = "/metrics";

  private static final long serialVersionUID = 1L;

  private final transient PrometheusRegistry registry;
  private final transient ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
  private final transient ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

  /** Serves {@code metrics}. */
  public MetricsServlet(NodeMetrics metrics) {
    this.registry = metrics.registry();
  }

  /** The writer for a request's {@code Accept} header (null: none). */
  ExpositionFormatWriter writerFor(String accept) {
    return accept != null && openMetrics.accepts(accept) ? openMetrics : text;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    ExpositionFormatWriter w = writerFor(req.getHeader("Accept"));
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 << 10);
    w.write(body, registry.scrape());
    res.setStatus(200);
    res.setContentType(w.getContentType());
    res.setHeader("Cache-Control", "no-store");
    res.setContentLength(body.size());
    body.writeTo(res.getOutputStream());
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (req.getMethod().equals("GET")) {
      doGet(req, res);
      return;
    }
    byte[] b = ("{\"error\":\"" + PATH + ": use GET\"}").getBytes(StandardCharsets.UTF_8);
    res.setStatus(405);
    res.setHeader("Allow", "GET");
    res.setContentType("application/json");
    res.setContentLength(b.length);
    res.getOutputStream().write(b);
  }
}
