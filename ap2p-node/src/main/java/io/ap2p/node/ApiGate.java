package io.ap2p.node;

import io.ap2p.node.api.TasksEndpoint.Reply;
import io.ap2p.node.dashboard.Dashboard;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The local API's door, before any servlet runs or any body is read. A request passes with {@code
 * Authorization: Bearer <token>} (compared in constant time); or when it goes to a servlet mounted
 * with {@link LocalApi#mountOpen} (which checks callers itself); or with the dashboard's session
 * cookie, if its Host is this node and, for anything but GET and HEAD, its Origin is this node and
 * it carries {@code X-Ap2p-Dash: 1} (CSRF: a page elsewhere can do neither). Answers to cookie
 * requests are sandboxed (a step output shown in the browser runs no script). Anything else is 401
 * with a JSON error.
 */
final class ApiGate extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** The header the dashboard's scripts send on state-changing calls. */
  static final String CSRF_HEADER = "X-Ap2p-Dash";

  private final transient LocalApi api;

  ApiGate(LocalApi api) {
    this.api = api;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    res.setHeader("X-Content-Type-Options", "nosniff");
    String auth = req.getHeader("Authorization");
    if (auth != null && auth.startsWith("Bearer ") && api.isToken(auth.substring(7))) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletMapping mapping = req.getHttpServletMapping();
    if (mapping != null
        && mapping.getServletName() != null
        && mapping.getServletName().startsWith(LocalApi.OPEN)) {
      chain.doFilter(req, res);
      return;
    }
    Dashboard dash = api.dashboard();
    if (dash != null && dash.sessions().valid(dash.session(req))) {
      if (!dash.sameHost(req)) {
        ApiServlet.write(res, Reply.error(421, "the Host is not this node"));
        return;
      }
      boolean safe = req.getMethod().equals("GET") || req.getMethod().equals("HEAD");
      if (!safe && !(dash.sameOrigin(req) && "1".equals(req.getHeader(CSRF_HEADER)))) {
        ApiServlet.write(
            res,
            Reply.error(
                403, "refused: not sent by this node's dashboard (Origin, " + CSRF_HEADER + ")"));
        return;
      }
      res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'");
      res.setHeader("Cache-Control", "no-store");
      chain.doFilter(req, res);
      return;
    }
    res.setHeader("WWW-Authenticate", "Bearer");
    ApiServlet.write(
        res, Reply.error(401, "missing or wrong token (see api.json in the data directory)"));
  }
}
