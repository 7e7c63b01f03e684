package io.ap2p.node.dashboard;

import io.ap2p.node.LocalApi;
import io.ap2p.node.Node;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.function.Predicate;

/**
 * The web dashboard on the local API's port (docs/dashboard.md): {@code /dash/} (the pages), {@code
 * /dash/login}, {@code /dash/events} (server-sent events) and {@code /dash/link} (a new login link,
 * for the token holder). A browser logs in with a one-time code or the API token and then holds a
 * session cookie, which the local API's gate also accepts for {@code /v1/…} calls from the pages
 * (with the CSRF checks of {@link #sameOrigin}).
 */
public final class Dashboard implements AutoCloseable {

  /** Where the pages are. */
  public static final String PATH = "/dash";

  private final String base;
  private final int port;
  private final Predicate<String> tokenCheck;
  private final Sessions sessions;
  private final RunHistory history;
  private final Views views;
  private final Thread poller;
  private final Object wake = new Object();
  private volatile boolean running = true;

  private Dashboard(LocalApi api, Node node, Predicate<String> tokenCheck) {
    this.base = api.url();
    this.port = URI.create(base).getPort();
    this.tokenCheck = tokenCheck;
    this.sessions = new Sessions(node.clock());
    this.history = new RunHistory(node.workflows(), node.clock());
    this.views = new Views(api, node, history);
    this.poller =
        Thread.ofVirtual()
            .name("ap2p-dashboard-history")
            .unstarted(
                () -> {
                  while (pause(RunHistory.POLL_MILLIS)) {
                    try {
                      history.poll();
                    } catch (RuntimeException e) {
                      // a run that vanished between listing and looking: next time
                    }
                  }
                });
  }

  /**
   * Serves the dashboard on {@code api}.
   *
   * @param tokenCheck whether a string is the API token (for the login form)
   */
  public static Dashboard attach(LocalApi api, Node node, Predicate<String> tokenCheck) {
    Dashboard d = new Dashboard(api, node, tokenCheck);
    api.mountOpen(PATH + "/login", new LoginServlet(d));
    api.mountOpen(PATH + "/*", new PagesServlet(d));
    api.mount(PATH + "/events", new EventsServlet(d));
    api.mount(PATH + "/link", new LinkServlet(d));
    d.poller.start();
    return d;
  }

  /** A new one-time login link. */
  public String loginUrl() {
    return base + PATH + "/login?code=" + sessions.newCode();
  }

  /** The logins. */
  public Sessions sessions() {
    return sessions;
  }

  /** The session cookie's name on this node (ports share cookies, so it names the port). */
  public String cookieName() {
    return Sessions.COOKIE + "_" + port;
  }

  /** The session id the request's cookie carries, or null. */
  public String session(HttpServletRequest req) {
    Cookie[] cookies = req.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (c.getName().equals(cookieName())) {
        return c.getValue();
      }
    }
    return null;
  }

  /** Whether the request carries a live session cookie or the API token. */
  boolean allowed(HttpServletRequest req) {
    String auth = req.getHeader("Authorization");
    if (auth != null && auth.startsWith("Bearer ") && tokenCheck.test(auth.substring(7))) {
      return true;
    }
    return sessions.valid(session(req)) && sameHost(req);
  }

  /** Whether {@code candidate} is the API token. */
  boolean isToken(String candidate) {
    return tokenCheck.test(candidate);
  }

  /**
   * Whether the request names this node as its host ({@code 127.0.0.1:PORT} or {@code
   * localhost:PORT}): a page whose own name was rebound to 127.0.0.1 is refused.
   */
  public boolean sameHost(HttpServletRequest req) {
    String host = req.getHeader("Host");
    return host != null && (host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port));
  }

  /**
   * The CSRF check for a state-changing request with the cookie: the right Host, an Origin of this
   * node ({@code http://127.0.0.1:PORT} or {@code http://localhost:PORT}), and, when the browser
   * says so, {@code Sec-Fetch-Site: same-origin}.
   */
  public boolean sameOrigin(HttpServletRequest req) {
    String origin = req.getHeader("Origin");
    String site = req.getHeader("Sec-Fetch-Site");
    return sameHost(req)
        && origin != null
        && (origin.equals("http://127.0.0.1:" + port) || origin.equals("http://localhost:" + port))
        && (site == null || site.equals("same-origin"));
  }

  Views views() {
    return views;
  }

  boolean running() {
    return running;
  }

  /** Waits {@code millis} or until closed; whether still running. */
  boolean pause(long millis) {
    synchronized (wake) {
      if (running) {
        try {
          wake.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return running;
    }
  }

  /** Ends the event streams and the history. */
  @Override
  public void close() {
    synchronized (wake) {
      running = false;
      wake.notifyAll();
    }
  }
}
