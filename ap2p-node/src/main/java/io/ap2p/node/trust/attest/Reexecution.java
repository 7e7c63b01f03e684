package io.ap2p.node.trust.attest;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.attest.AttestCodec;
import io.ap2p.core.trust.attest.AttestMessage;
import io.ap2p.core.trust.attest.AttestRefusal;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.ContentPublishHandler;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import io.ap2p.node.execution.handler.TextSummarizeHandler;
import java.util.Optional;

/**
 * How an attestor judges a task's output, by the tool the receipt names: the built-in {@code
 * image.generate} and {@code text.summarize} are deterministic, so it runs them again on the input
 * and compares output and trace byte for byte; {@code content.publish}'s answer is a function of
 * the input except {@code alreadyPublished}, so it computes the answer for the value claimed and
 * compares, without publishing anything. Every other tool is refused as {@link
 * AttestRefusal#UNSUPPORTED}: the attestor cannot tell a right answer from a wrong one.
 */
final class Reexecution {

  /** Time a re-execution may take. */
  static final long BUDGET_MILLIS = 10_000;

  private final Clock clock;

  Reexecution(Clock clock) {
    this.clock = clock;
  }

  /** Why {@code r}'s output is not the right one, or empty when it is. */
  Optional<AttestMessage.Refused> judge(AttestMessage.Request r) {
    String tool = r.receipt().body().tool();
    try {
      Output expected =
          switch (tool) {
            case ImageGenerateHandler.VERSION -> run(new ImageGenerateHandler(), r);
            case TextSummarizeHandler.VERSION -> run(new TextSummarizeHandler(), r);
            case ContentPublishHandler.VERSION -> publishAnswer(r);
            default -> null;
          };
      if (expected == null) {
        return refuse(AttestRefusal.UNSUPPORTED, "cannot check tool " + tool);
      }
      boolean sameTrace = expected.trace().equals(r.receipt().body().trace());
      if (!expected.bytes().equals(r.output())) {
        return refuse(
            AttestRefusal.MISMATCH,
            "output differs from "
                + how(tool)
                + (sameTrace ? " (the trace matches: an encoder differs?)" : ""));
      }
      if (!sameTrace) {
        return refuse(AttestRefusal.MISMATCH, "trace differs from " + how(tool));
      }
      return Optional.empty();
    } catch (HandlerException e) {
      return refuse(AttestRefusal.BAD_INPUT, tool + " refuses the input: " + e.getMessage());
    }
  }

  private static String how(String tool) {
    return tool.equals(ContentPublishHandler.VERSION) ? "the answer for this input" : "a re-run";
  }

  private Output run(Handler h, AttestMessage.Request r) throws HandlerException {
    Invocation inv =
        new Invocation(
            r.receipt().body().taskId().isEmpty() ? "attest" : r.receipt().body().taskId(),
            r.receipt().body().provider().toString(),
            r.input(),
            r.mediaType(),
            clock.millis() + BUDGET_MILLIS,
            AttestCodec.MAX_OUTPUT,
            clock);
    return h.run(inv, (fraction, message) -> {}, new Cancellation());
  }

  /** The answer content.publish gives for this input and the {@code alreadyPublished} claimed. */
  private static Output publishAnswer(AttestMessage.Request r) throws HandlerException {
    JsonNode answer;
    try {
      answer = Json.parse(r.output().toByteArray());
    } catch (JsonFormatException e) {
      throw HandlerException.badInput("the output is not JSON: " + e.getMessage());
    }
    JsonNode already = answer.get("alreadyPublished");
    if (r.input().length() == 0) {
      throw HandlerException.badInput("nothing to publish: the input is empty");
    }
    boolean claimed = already != null && already.isBoolean() && already.booleanValue();
    return ContentPublishHandler.answer(r.input(), r.mediaType(), claimed);
  }

  private static Optional<AttestMessage.Refused> refuse(AttestRefusal why, String detail) {
    return Optional.of(new AttestMessage.Refused(why, detail));
  }
}
