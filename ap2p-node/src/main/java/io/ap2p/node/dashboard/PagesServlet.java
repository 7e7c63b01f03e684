package io.ap2p.node.dashboard;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's files under {@code /dash/}: {@code index.html} and its script and style, from
 * this package's {@code static/} resources; nothing else is served. Without a session cookie (or
 * the API token) a request is sent to {@code /dash/login} (only the style sheet is public). Every
 * answer forbids framing, inline scripts and caching.
 */
final class PagesServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /**
   * What the pages may do: their own script and style, fetches to this origin only, no frames, no
   * plugins, forms posting here only.
   */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "chart.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8");

  private final transient Dashboard dashboard;

  PagesServlet(Dashboard dashboard) {
    this.dashboard = dashboard;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    secure(res);
    if (!dashboard.allowed(req)
        && !"/app.css".equals(req.getPathInfo())) { // the login page's style
      res.setStatus(303);
      res.setHeader("Location", Dashboard.PATH + "/login");
      return;
    }
    String info = req.getPathInfo();
    if (info == null) {
      res.setStatus(303);
      res.setHeader("Location", Dashboard.PATH + "/");
      return;
    }
    String name = info.equals("/") ? "index.html" : info.substring(1);
    String type = FILES.get(name);
    if (type == null) {
      res.setStatus(404);
      res.setContentType("text/plain; charset=utf-8");
      res.getWriter().write("no such page\n");
      return;
    }
    byte[] body = resource(name);
    res.setContentType(type);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  /** The headers every dashboard answer carries. */
  static void secure(HttpServletResponse res) {
    res.setHeader("Content-Security-Policy", CSP);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader(
        "Referrer-Policy", "same-origin"); // no-referrer would make a form's Origin "null"
    res.setHeader("Cache-Control", "no-store");
  }

  /** A file of {@code static/}. */
  static byte[] resource(String name) {
    try (InputStream in = PagesServlet.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource static/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
