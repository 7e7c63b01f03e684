package io.ap2p.node.a2a;

/** A JSON-RPC error the A2A endpoint answers with: a code from JSON-RPC or A2A and a message. */
final class RpcException extends Exception {

  /** JSON-RPC: the body is not JSON. */
  static final int PARSE_ERROR = -32700;

  /** JSON-RPC: not a request object. */
  static final int INVALID_REQUEST = -32600;

  /** JSON-RPC: no such method. */
  static final int METHOD_NOT_FOUND = -32601;

  /** JSON-RPC: the params are wrong. */
  static final int INVALID_PARAMS = -32602;

  /** JSON-RPC: a fault of ours. */
  static final int INTERNAL = -32603;

  /** A2A: no such task. */
  static final int TASK_NOT_FOUND = -32001;

  /** A2A: the task has ended and cannot be canceled. */
  static final int TASK_NOT_CANCELABLE = -32002;

  /** A2A: the operation is not supported. */
  static final int UNSUPPORTED = -32004;

  private final int code;

  RpcException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static RpcException invalidParams(String message) {
    return new RpcException(INVALID_PARAMS, message);
  }

  int code() {
    return code;
  }
}
