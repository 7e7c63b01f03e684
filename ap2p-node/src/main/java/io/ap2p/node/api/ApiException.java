package io.ap2p.node.api;

/**
 * A request the local API refuses: an HTTP status and a message that names the member or part at
 * fault, such as {@code invoke.deadlineMs: between 1 and 3600000}.
 */
public final class ApiException extends Exception {

  private final int status;

  /** A refusal with HTTP {@code status}. */
  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** A bad request (400). */
  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }
}
