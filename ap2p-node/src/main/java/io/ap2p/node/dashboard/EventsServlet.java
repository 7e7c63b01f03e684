package io.ap2p.node.dashboard;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /dash/events}: server-sent events. A {@code snapshot} event (see {@link Views}) at
 * once and then whenever it changes, looked at every {@value #PERIOD_MILLIS} ms; a comment line
 * every {@value #KEEPALIVE_MILLIS} ms otherwise. At most {@value #MAX_STREAMS} streams at once (429
 * beyond). A stream ends when the client goes, the session it was opened with ends, or the node
 * stops.
 */
final class EventsServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final long PERIOD_MILLIS = 1000;
  static final long KEEPALIVE_MILLIS = 15_000;
  static final int MAX_STREAMS = 16;

  private final transient Dashboard dashboard;
  private final transient AtomicInteger streams = new AtomicInteger();

  EventsServlet(Dashboard dashboard) {
    this.dashboard = dashboard;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    PagesServlet.secure(res);
    if (streams.incrementAndGet() > MAX_STREAMS) {
      streams.decrementAndGet();
      res.setStatus(429);
      res.setContentType("application/json");
      res.getWriter().write("{\"error\":\"too many event streams (at most 16)\"}");
      return;
    }
    try {
      stream(req, res);
    } finally {
      streams.decrementAndGet();
    }
  }

  private void stream(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setStatus(200);
    res.setContentType("text/event-stream; charset=utf-8");
    res.flushBuffer();
    OutputStream out = res.getOutputStream();
    String last = "";
    long quietSince = System.nanoTime();
    while (dashboard.running() && dashboard.allowed(req)) {
      String now = dashboard.views().snapshot().toString();
      if (!now.equals(last)) {
        out.write(("event: snapshot\ndata: " + now + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > KEEPALIVE_MILLIS * 1_000_000) {
        out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        quietSince = System.nanoTime();
      }
      if (!dashboard.pause(PERIOD_MILLIS)) {
        break;
      }
    }
  }
}
