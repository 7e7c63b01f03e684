package io.ap2p.node.execution.workflow;

/** A workflow file that cannot be used; the message names the member at fault. */
public final class WorkflowFileException extends Exception {

  /** A failure explained by {@code message}. */
  public WorkflowFileException(String message) {
    super(message);
  }
}
