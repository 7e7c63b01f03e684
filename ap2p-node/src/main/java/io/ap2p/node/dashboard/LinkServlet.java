package io.ap2p.node.dashboard;

import io.ap2p.core.wire.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /dash/link} (behind the API token): a new one-time login link, {@code {"url":
 * "http://127.0.0.1:PORT/dash/login?code=…"}}; what {@code ap2p dashboard} prints.
 */
final class LinkServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Dashboard dashboard;

  LinkServlet(Dashboard dashboard) {
    this.dashboard = dashboard;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setStatus(201);
    res.setContentType("application/json");
    res.setHeader("Cache-Control", "no-store");
    res.getWriter()
        .write(Json.MAPPER.createObjectNode().put("url", dashboard.loginUrl()).toString());
  }
}
