package io.ap2p.node.execution.handler;

import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import java.util.Objects;

/**
 * What a handler returns.
 *
 * @param bytes the result
 * @param mediaType its media type, such as {@code image/png}
 * @param trace how it was produced (tools, models, intermediate digests), signed into the receipt;
 *     {@link Trace#EMPTY} when the handler reports nothing
 */
public record Output(Bytes bytes, String mediaType, Trace trace) {

  /** Checks that nothing is missing. */
  public Output {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(trace, "trace");
  }

  /** An output without a trace. */
  public Output(Bytes bytes, String mediaType) {
    this(bytes, mediaType, Trace.EMPTY);
  }
}
