package io.ap2p.node.store;

import io.ap2p.core.wire.Bytes;
import java.util.Objects;

/**
 * What a requester keeps of a delegated step besides the receipt, for a later dispute: the signed
 * descriptor the provider was chosen under and what was sent.
 *
 * @param taskId the requester's key of the step ({@code run/step}), as its received receipt has
 * @param sentTaskId the task id sent in the INVOKE (the receipt's task id)
 * @param provider the provider's peer id
 * @param capability the capability id invoked
 * @param descriptor the signed descriptor's canonical JSON with its signature, at most {@link
 *     #MAX_DESCRIPTOR_BYTES}
 * @param requestDigest SHA-256 of the input sent, 32 bytes
 * @param nonce the INVOKE's nonce
 * @param atMillis when the step's result was accepted
 */
public record StoredEvidence(
    String taskId,
    String sentTaskId,
    String provider,
    String capability,
    Bytes descriptor,
    Bytes requestDigest,
    Bytes nonce,
    long atMillis) {

  /** Largest descriptor kept (descriptors are limited to 64 KiB on the wire). */
  public static final int MAX_DESCRIPTOR_BYTES = 64 * 1024;

  /** Checks the ids and the sizes. */
  public StoredEvidence {
    Limits.id("taskId", taskId);
    Limits.id("sentTaskId", sentTaskId);
    Limits.id("provider", provider);
    Limits.id("capability", capability);
    Objects.requireNonNull(descriptor, "descriptor");
    if (descriptor.length() == 0 || descriptor.length() > MAX_DESCRIPTOR_BYTES) {
      throw new IllegalArgumentException("descriptor of " + descriptor.length() + " bytes");
    }
    if (requestDigest.length() != 32) {
      throw new IllegalArgumentException("a request digest has 32 bytes");
    }
    if (nonce.length() == 0 || nonce.length() > 64) {
      throw new IllegalArgumentException("a nonce has 1 to 64 bytes");
    }
  }
}
