package io.ap2p.core.execution;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.wire.Bytes;
import java.util.random.RandomGenerator;

/**
 * A unit of work sent to a provider: what is sent on the wire, identical in form for real tasks and
 * canaries. On {@code /ap2p/task/1.0.0} it travels as an INVOKE and its input's DATA ({@code
 * TaskCodec.invocationBytes} sizes them).
 *
 * @param id random task id
 * @param tag the capability asked for
 * @param input the input bytes
 * @param nonce fresh per request, bound into the receipt
 */
public record Task(String id, CapabilityTag tag, Bytes input, Bytes nonce) {

  /** A task with a fresh id and nonce from {@code random}. */
  public static Task fresh(CapabilityTag tag, Bytes input, RandomGenerator random) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return new Task(Long.toHexString(random.nextLong()), tag, input, Bytes.wrap(nonce));
  }
}
