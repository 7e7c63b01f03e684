package io.ap2p.core.execution;

import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;

/**
 * What a provider returned for a task: the output and, where it gives one, a receipt. Its size on
 * the wire is {@code TaskCodec.resultBytes} of the RESULT message that carries it.
 */
public record TaskResult(Bytes output, Optional<SignedReceipt> receipt) {}
