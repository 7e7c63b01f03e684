package io.ap2p.node.execution.handler;

import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each invocation as an HTTP {@code POST} of the input to a configured URL (a local model
 * server, say): {@code Content-Type} is the input's media type, the output is the response body
 * with the response's {@code Content-Type}. Headers {@code Ap2p-Task-Id} and {@code Ap2p-Requester}
 * say who asks.
 *
 * <p>Only loopback hosts ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}) are allowed unless
 * the configuration says {@code allowRemote}: a node that forwarded network requests to any host
 * would be an open proxy, letting strangers reach its owner's LAN and attack third parties under
 * the owner's address. Redirects are not followed, for the same reason.
 *
 * <p>The request times out at the invocation's deadline; the body is read up to the output limit
 * and then dropped ({@code OUTPUT_TOO_LARGE}); a status other than 2xx is {@code FAILED} with the
 * status and the first {@value #ERROR_BODY_BYTES} bytes of the body.
 */
public final class HttpHandler implements Handler {

  /** Bytes of an error response kept for the message. */
  static final int ERROR_BODY_BYTES = 512;

  private static final long POLL_MILLIS = 50;

  private final URI url;
  private final long maxOutputBytes;
  private final HttpClient client;
  private final String version;

  /**
   * A handler that posts to {@code url}.
   *
   * @throws IllegalArgumentException if the URL is not http(s) with a host, or its host is not
   *     loopback and {@code allowRemote} is false
   */
  public HttpHandler(URI url, long maxOutputBytes, boolean allowRemote) {
    checkUrl(url, allowRemote);
    if (maxOutputBytes < 1) {
      throw new IllegalArgumentException("maxOutputBytes must be positive: " + maxOutputBytes);
    }
    this.url = url;
    this.maxOutputBytes = maxOutputBytes;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10));
    if (isLoopback(url)) {
      b.proxy(HttpClient.Builder.NO_PROXY);
    }
    this.client = b.build();
    this.version =
        "http/1 sha256:"
            + Digests.sha256(Bytes.wrap(url.toString().getBytes(StandardCharsets.UTF_8))).toHex();
  }

  /**
   * Checks that {@code url} is http(s) with a host and no user info, and loopback unless {@code
   * allowRemote}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void checkUrl(URI url, boolean allowRemote) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("must be an http or https URL: " + url);
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("must name a host: " + url);
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must not carry user info (credentials): " + url);
    }
    if (!allowRemote && !isLoopback(url)) {
      throw new IllegalArgumentException(
          "host "
              + url.getHost()
              + " is not a loopback address; set \"allowRemote\": true to allow it (otherwise"
              + " strangers could use this node as an open proxy)");
    }
  }

  /**
   * Whether {@code url}'s host is {@code localhost} or a literal loopback address. Other names are
   * not resolved: what they resolve to may change after the check.
   */
  public static boolean isLoopback(URI url) {
    String host = url.getHost();
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.equals("localhost")) {
      return true;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!isIpLiteral(host)) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
        || (host.contains(":") && host.matches("[0-9a-f:.%]+"));
  }

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation)
      throws HandlerException {
    invocation.checkLive(cancellation);
    long limit = invocation.outputLimit(maxOutputBytes);
    String type =
        invocation.mediaType().isBlank() ? "application/octet-stream" : invocation.mediaType();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofMillis(Math.max(1, invocation.remainingMillis())))
            .header("Content-Type", type)
            .header("Ap2p-Task-Id", invocation.taskId())
            .header("Ap2p-Requester", invocation.requester())
            .POST(HttpRequest.BodyPublishers.ofByteArray(invocation.input().toByteArray()))
            .build();
    CompletableFuture<HttpResponse<CappedBody.Body>> pending =
        client.sendAsync(
            request, info -> new CappedBody(is2xx(info.statusCode()) ? limit : ERROR_BODY_BYTES));
    cancellation.onCancel(() -> pending.cancel(true));
    HttpResponse<CappedBody.Body> response = await(pending, invocation, cancellation);
    CappedBody.Body body = response.body();
    if (!is2xx(response.statusCode())) {
      throw HandlerException.failed(
          "HTTP "
              + response.statusCode()
              + (body.bytes().length() == 0 ? "" : ": " + body.bytes().toUtf8()));
    }
    if (body.truncated()) {
      throw HandlerException.outputTooLarge(limit);
    }
    String mediaType =
        response.headers().firstValue("Content-Type").orElse("application/octet-stream");
    return new Output(
        body.bytes(), mediaType, Trace.of(Trace.tool("http", "HTTP " + response.statusCode())));
  }

  private HttpResponse<CappedBody.Body> await(
      CompletableFuture<HttpResponse<CappedBody.Body>> pending,
      Invocation invocation,
      Cancellation cancellation)
      throws HandlerException {
    while (true) {
      long remaining = invocation.remainingMillis();
      if (remaining <= 0) {
        pending.cancel(true);
        throw HandlerException.deadlineExceeded();
      }
      try {
        return pending.get(Math.min(remaining, POLL_MILLIS), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // look at the deadline again
      } catch (CancellationException e) {
        throw HandlerException.cancelled();
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw HandlerException.cancelled();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof HttpTimeoutException) {
          throw HandlerException.deadlineExceeded();
        }
        if (cancellation.isCancelled()) {
          throw HandlerException.cancelled();
        }
        throw HandlerException.failed("POST " + url + " failed: " + describe(cause));
      }
    }
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static boolean is2xx(int status) {
    return status >= 200 && status < 300;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public void close() {
    client.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpHandler[" + url + "]";
  }
}
