package io.ap2p.cli.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * MCP's Streamable HTTP transport on Jetty, at {@code http://HOST:PORT/mcp}. In front of the SDK's
 * servlet a filter first refuses a Host that is not a loopback name (421) and an Origin not allowed
 * (403), with the SDK's validator, against DNS rebinding; then checks the bearer token (401 without
 * it); then passes each POSTed message through {@link Inbound} (a cancellation is answered 202
 * here; a message over {@link Inbound#MAX_MESSAGE} is 413). At most {@value #MAX_CONNECTIONS}
 * connections.
 */
final class HttpTransport implements AutoCloseable {

  static final String PATH = "/mcp";

  /**
   * Most connections at once: each may have a message of up to {@link Inbound#MAX_MESSAGE} read
   * into memory (1 GiB in all, from token holders only: bodies are read after the token check),
   * while leaving room for {@link Calls#MAX_RUNNING} calls' streams and their cancellations.
   */
  static final int MAX_CONNECTIONS = 32;

  private final Server server;
  private final ServerConnector connector;
  final HttpServletStreamableServerTransportProvider provider;

  HttpTransport(
      InetSocketAddress bind,
      String token,
      List<String> origins,
      Inbound inbound,
      McpJsonMapper mapper) {
    List<String> allowedOrigins = new ArrayList<>(origins);
    allowedOrigins.addAll(List.of("http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"));
    DefaultServerTransportSecurityValidator validator =
        DefaultServerTransportSecurityValidator.builder()
            .allowedHosts(List.of("127.0.0.1:*", "localhost:*", "[::1]:*"))
            .allowedOrigins(allowedOrigins)
            .build();
    provider =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mapper)
            .mcpEndpoint(PATH)
            .keepAliveInterval(Duration.ofSeconds(30))
            .maxRequestSize(Inbound.MAX_MESSAGE + 1024)
            .httpHeaderValidator(validator)
            .build();
    QueuedThreadPool threads = new QueuedThreadPool(MAX_CONNECTIONS + 16, 4);
    threads.setName("ap2p-mcp-http");
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost(bind.getHostString());
    connector.setPort(bind.getPort());
    connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(
        new FilterHolder(new Gate(token.getBytes(StandardCharsets.UTF_8), validator, inbound)),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(provider), PATH);
    server.setHandler(context);
  }

  /** Starts listening; the port bound. */
  int start() throws Exception {
    server.start();
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      provider.closeGracefully().block(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      // closing anyway
    }
    try {
      server.stop();
    } catch (Exception e) {
      // closing anyway
    }
  }

  /** The token check and {@link Inbound}, before the SDK. */
  static final class Gate extends HttpFilter {

    private final transient byte[] expected;
    private final transient Inbound inbound;
    private final transient DefaultServerTransportSecurityValidator validator;

    Gate(byte[] token, DefaultServerTransportSecurityValidator validator, Inbound inbound) {
      this.validator = validator;
      this.expected =
          ("Bearer " + new String(token, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      this.inbound = inbound;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      HeaderAccessor headers =
          new HeaderAccessor() {
            @Override
            public List<String> getHeader(String name) {
              return Collections.list(req.getHeaders(name));
            }

            @Override
            public List<String> getHeaderNames() {
              return Collections.list(req.getHeaderNames());
            }
          };
      try {
        // before anything else: a page in a browser that rebinds a name to 127.0.0.1 stops here
        validator.validate(headers);
      } catch (ServerTransportSecurityException e) {
        plain(res, e.getStatusCode(), e.getMessage());
        return;
      }
      String auth = req.getHeader("Authorization");
      if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected)) {
        res.setHeader("WWW-Authenticate", "Bearer");
        plain(res, 401, "missing or wrong bearer token (see ap2p mcp serve --help: --token-file)");
        return;
      }
      if (!req.getMethod().equals("POST")) {
        chain.doFilter(req, res);
        return;
      }
      if (req.getContentLengthLong() > Inbound.MAX_MESSAGE) {
        plain(res, 413, "message larger than 32 MiB (tool inputs: at most 16 MiB)");
        return;
      }
      byte[] body = req.getInputStream().readNBytes(Inbound.MAX_MESSAGE + 1);
      if (body.length > Inbound.MAX_MESSAGE) {
        plain(res, 413, "message larger than 32 MiB (tool inputs: at most 16 MiB)");
        return;
      }
      String session = req.getHeader("Mcp-Session-Id");
      if (session != null && session.length() > 128) {
        plain(res, 400, "Mcp-Session-Id: at most 128 characters");
        return;
      }
      switch (inbound.judge(body, "http " + (session == null ? "" : session))) {
        case Inbound.Forward f -> chain.doFilter(new Body(req, f.bytes()), res);
        case Inbound.Taken t -> res.setStatus(202);
        case Inbound.Reject r -> {
          res.setStatus(400);
          res.setContentType("application/json");
          res.getOutputStream().write(r.error().getBytes(StandardCharsets.UTF_8));
        }
      }
    }

    private static void plain(HttpServletResponse res, int status, String message)
        throws IOException {
      res.setStatus(status);
      res.setContentType("text/plain; charset=utf-8");
      res.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A request whose body is {@code bytes}. */
  static final class Body extends HttpServletRequestWrapper {

    private final byte[] bytes;

    Body(HttpServletRequest request, byte[] bytes) {
      super(request);
      this.bytes = bytes;
    }

    @Override
    public int getContentLength() {
      return bytes.length;
    }

    @Override
    public long getContentLengthLong() {
      return bytes.length;
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(
          new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("blocking reads only");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }
  }
}
