package io.ap2p.node;

import io.ap2p.core.wire.Json;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself (a malformed request, headers too large) in the local API's
 * shape, {@code {"error": "…"}}, never an HTML page or a stack trace.
 */
final class JsonErrors extends ErrorHandler {

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause) {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    byte[] body =
        Json.MAPPER
            .createObjectNode()
            .put("error", text)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
