package io.ap2p.node.execution.handler;

import io.ap2p.core.wire.Bytes;
import java.util.Objects;

/**
 * What a handler returns.
 *
 * @param bytes the result
 * @param mediaType its media type, such as {@code image/png}
 */
public record Output(Bytes bytes, String mediaType) {

  /** Checks that nothing is missing. */
  public Output {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
