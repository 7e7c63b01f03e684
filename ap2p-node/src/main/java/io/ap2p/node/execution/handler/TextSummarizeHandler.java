package io.ap2p.node.execution.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The built-in {@code text.summarize} skill: an extractive summary (see {@link Summarizer}) of
 * UTF-8 text, or of the {@code text} member of a JSON object when the media type is JSON. Returns
 * {@code text/plain; charset=utf-8}.
 */
public final class TextSummarizeHandler implements Handler {

  /** The version signed into receipts. */
  public static final String VERSION = "builtin/text.summarize/1";

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation)
      throws HandlerException {
    invocation.checkLive(cancellation);
    String text = text(invocation.input(), invocation.mediaType());
    if (text.isBlank()) {
      throw HandlerException.badInput("the text is empty");
    }
    String summary = Summarizer.summarize(text, Summarizer.DEFAULT_SENTENCES);
    invocation.checkLive(cancellation);
    Bytes out = Bytes.wrap(summary.getBytes(StandardCharsets.UTF_8));
    if (out.length() > invocation.maxOutputBytes()) {
      throw HandlerException.outputTooLarge(invocation.maxOutputBytes());
    }
    return new Output(
        out,
        "text/plain; charset=utf-8",
        Trace.of(
            Trace.tool("summarizer", "extractive/" + Summarizer.DEFAULT_SENTENCES),
            Trace.artefact("text", Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)))));
  }

  private static String text(Bytes input, String mediaType) throws HandlerException {
    if (MediaTypes.isJson(mediaType)) {
      try {
        JsonNode node = Json.parse(input.toByteArray());
        JsonNode text = node.get("text");
        if (!node.isObject() || node.size() != 1 || text == null || !text.isTextual()) {
          throw HandlerException.badInput("JSON input must be {\"text\": \"...\"}");
        }
        return text.textValue();
      } catch (JsonFormatException e) {
        throw HandlerException.badInput("input " + e.getMessage());
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(input.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw HandlerException.badInput("the input is not UTF-8 text");
    }
  }

  @Override
  public String version() {
    return VERSION;
  }
}
