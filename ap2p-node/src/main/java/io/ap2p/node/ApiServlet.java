package io.ap2p.node;

import io.ap2p.core.wire.Json;
import io.ap2p.node.a2a.A2aEndpoint;
import io.ap2p.node.api.FindEndpoint;
import io.ap2p.node.api.TasksEndpoint;
import io.ap2p.node.api.TasksEndpoint.Reply;
import io.ap2p.node.api.TrustEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The local API's own endpoints behind one servlet (see {@link LocalApi} for the list): it routes a
 * request by its raw path to the endpoint classes, which answer {@link Reply} values, and writes
 * the reply. The token was checked before (by {@link ApiGate}).
 */
final class ApiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient LocalApi api;
  private final transient Node node;
  private final transient TasksEndpoint tasks;
  private final transient TrustEndpoint trust;
  private final transient A2aEndpoint a2a;

  ApiServlet(LocalApi api, Node node, String url) {
    this.api = api;
    this.node = node;
    this.tasks = new TasksEndpoint(node);
    this.trust = new TrustEndpoint(node.trust());
    this.a2a = new A2aEndpoint(node, url);
  }

  /** The task endpoints, shared with the dashboard so both see the same runs. */
  TasksEndpoint tasks() {
    return tasks;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String method = req.getMethod();
    String path = req.getRequestURI();
    String query = req.getQueryString();
    long length = req.getContentLengthLong();
    InputStream body = req.getInputStream();
    Reply r;
    try {
      if (TasksEndpoint.matches(path)) {
        r = tasks.handle(method, path, query, body, length);
      } else if (FindEndpoint.matches(path)) {
        r = new FindEndpoint(node).handle(method, body, length);
      } else if (TrustEndpoint.matches(path)) {
        r = trust.handle(method, path, query);
      } else if (A2aEndpoint.matches(path)) { // A2A JSON-RPC and the agent card
        r = a2a.handle(method, path, body, length);
      } else if (method.equals("GET") && path.equals("/v1/status")) {
        r =
            new Reply(
                200,
                "application/json",
                Json.pretty(api.status()).getBytes(StandardCharsets.UTF_8));
      } else {
        r = Reply.error(404, "no such endpoint; try GET /v1/status or /v1/tasks");
      }
    } catch (RuntimeException e) {
      r = Reply.error(500, "internal error: " + e);
    }
    write(res, r);
  }

  /** Writes {@code r} as the whole response. */
  static void write(HttpServletResponse res, Reply r) throws IOException {
    res.setStatus(r.status());
    res.setContentType(r.contentType());
    res.setContentLength(r.body().length);
    if (r.body().length > 0) {
      res.getOutputStream().write(r.body());
    }
  }
}
