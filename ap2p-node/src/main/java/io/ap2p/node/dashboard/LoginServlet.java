package io.ap2p.node.dashboard;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /dash/login}: {@code GET ?code=C} with a one-time code opens a session (sets the cookie
 * and moves on to the dashboard); {@code GET} without a good code shows a form where the API token
 * (from {@code api.json}) can be pasted; {@code POST} with {@code token=…} (form-encoded, at most
 * {@value #MAX_BODY} bytes, from this origin only) opens a session with it.
 */
final class LoginServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final int MAX_BODY = 4096;

  private final transient Dashboard dashboard;

  LoginServlet(Dashboard dashboard) {
    this.dashboard = dashboard;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    PagesServlet.secure(res);
    String code = req.getParameter("code");
    Optional<String> session =
        code == null ? Optional.empty() : dashboard.sessions().redeem(code.strip());
    if (session.isPresent()) {
      enter(res, session.get());
      return;
    }
    page(
        res,
        code == null ? 200 : 401,
        code == null ? "" : "That login link is used up or expired.");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    PagesServlet.secure(res);
    if (!dashboard.sameOrigin(req)) {
      page(res, 403, "Refused: the form was not sent from this dashboard.");
      return;
    }
    if (req.getContentLengthLong() > MAX_BODY) {
      page(res, 413, "Refused: too long.");
      return;
    }
    byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      page(res, 413, "Refused: too long.");
      return;
    }
    String token = null;
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("token=")) {
        try {
          token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException e) {
          token = null;
        }
      }
    }
    if (token == null || !dashboard.isToken(token)) {
      page(res, 401, "Wrong token: use the \"token\" of api.json in the node's data directory.");
      return;
    }
    enter(res, dashboard.sessions().open());
  }

  /** Sets the cookie, then loads the dashboard from this origin (a same-site navigation). */
  private void enter(HttpServletResponse res, String session) throws IOException {
    res.setHeader(
        "Set-Cookie",
        dashboard.cookieName()
            + "="
            + session
            + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
            + Sessions.SESSION_TTL_MILLIS / 1000);
    res.setStatus(200);
    res.setContentType("text/html; charset=utf-8");
    res.getWriter()
        .write(
            "<!doctype html><meta charset=utf-8><title>ap2p</title>"
                + "<meta http-equiv=\"refresh\" content=\"0;url="
                + Dashboard.PATH
                + "/\"><p>Logged in: <a href=\""
                + Dashboard.PATH
                + "/\">open the dashboard</a>.</p>\n");
  }

  private static void page(HttpServletResponse res, int status, String message) throws IOException {
    String html = new String(PagesServlet.resource("login.html"), StandardCharsets.UTF_8);
    res.setStatus(status);
    res.setContentType("text/html; charset=utf-8");
    // message is one of this class's constants: no caller text reaches the page
    res.getWriter().write(html.replace("{{message}}", message));
  }
}
