package io.ap2p.node.execution;

import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.incentives.Stamp;
import io.ap2p.net.host.Connection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requester's side of a provider's stamp requirement: an answer {@code CREDIT} whose message
 * asks for a stamp of N bits (as {@link io.ap2p.core.incentives.ServicePolicy#refusal} words it) is
 * retried once with a stamp minted for the same task id and nonce, when N is within the node's
 * {@code --max-stamp-bits}.
 */
final class Stamps {

  private static final System.Logger LOG = System.getLogger(Stamps.class.getName());
  private static final Pattern ASKED = Pattern.compile("attach a stamp of (\\d{1,2}) bits");

  private Stamps() {}

  /**
   * The INVOKE to send again with a stamp, or empty when {@code o} asks for none we would mint or
   * minting did not finish before {@code deadlineMillis} (the node's clock).
   */
  static Optional<TaskMessage.Invoke> retry(
      TaskClient.Outcome o,
      TaskMessage.Invoke sent,
      Connection c,
      WorkflowService service,
      long deadlineMillis) {
    if (!(o instanceof TaskClient.Outcome.Failed f)
        || f.code() != TaskErrorCode.CREDIT
        || sent.stamp().length() > 0) {
      return Optional.empty();
    }
    int bits = asked(f.message());
    if (bits < 1 || bits > service.reciprocity().maxStampBits()) {
      return Optional.empty();
    }
    long t0 = System.nanoTime();
    Optional<Stamp.Minted> minted =
        Stamp.mint(
            service.host().peerId(),
            c.remotePeer(),
            sent.taskId(),
            sent.nonce(),
            bits,
            () ->
                service.clock().millis() < deadlineMillis
                    && !Thread.currentThread().isInterrupted());
    if (minted.isEmpty()) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "gave up a " + bits + "-bit stamp for " + c.remotePeer() + " at the deadline");
      return Optional.empty();
    }
    Stamp.Minted m = minted.get();
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            "minted a "
                + bits
                + "-bit stamp for "
                + c.remotePeer()
                + " in "
                + m.hashes()
                + " hashes, "
                + (System.nanoTime() - t0) / 1_000_000
                + " ms");
    return Optional.of(sent.withStamp(m.stamp()));
  }

  /** The bits a CREDIT message asks for; 0 when it asks for none. */
  static int asked(String message) {
    Matcher m = ASKED.matcher(message);
    if (!m.find()) {
      return 0;
    }
    int bits = Integer.parseInt(m.group(1));
    return bits <= Stamp.MAX_BITS ? bits : 0;
  }
}
