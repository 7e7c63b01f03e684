package io.ap2p.node;

import io.ap2p.node.api.TasksEndpoint.Reply;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The local API's door: every request needs {@code Authorization: Bearer <token>} (compared in
 * constant time), else 401 with a JSON error, before any servlet runs or any body is read.
 */
final class ApiGate extends HttpFilter {

  private static final long serialVersionUID = 1L;

  private final transient byte[] expected;

  ApiGate(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String auth = req.getHeader("Authorization");
    if (auth != null && MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected)) {
      chain.doFilter(req, res);
      return;
    }
    res.setHeader("WWW-Authenticate", "Bearer");
    ApiServlet.write(
        res, Reply.error(401, "missing or wrong token (see api.json in the data directory)"));
  }
}
