package io.ap2p.core.discovery;

import io.ap2p.core.identity.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The statement "peer P can do X under constraints C, in state S, until T": the content of a
 * capability descriptor, before or after signing. See {@code docs/descriptor.md}.
 *
 * @param peer the provider
 * @param addrs multiaddrs where the provider can be reached
 * @param id capability id, stable per provider
 * @param seq sequence number; a higher one replaces a lower one
 * @param issuedAt when the provider issued this version
 * @param ttlSeconds how long after {@code issuedAt} the statement holds
 * @param intent what it does
 * @param io input and output JSON Schemas
 * @param constraints the conditions of the work
 * @param state the provider's current state
 * @param qos claimed quality of service, if claimed
 * @param verification which verification the provider supports
 */
public record CapabilityDescriptor(
    PeerId peer,
    List<String> addrs,
    String id,
    long seq,
    Instant issuedAt,
    long ttlSeconds,
    Intent intent,
    IoSchemas io,
    Constraints constraints,
    CapabilityState state,
    Optional<QosClaims> qos,
    VerificationSupport verification) {

  /** The schema version this code reads and writes. */
  public static final String SCHEMA = "ap2p/descriptor/1";

  /** Largest {@code seq}: 2^53 - 1, so it survives any JSON parser (I-JSON). */
  public static final long MAX_SEQ = (1L << 53) - 1;

  /** Checks the id, seq and TTL ranges; copies the address list. */
  public CapabilityDescriptor {
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          "capability id must be 1-64 characters of letters, digits and ._:- : " + id);
    }
    if (seq < 0 || seq > MAX_SEQ) {
      throw new IllegalArgumentException("seq must be between 0 and 2^53-1");
    }
    if (ttlSeconds <= 0) {
      throw new IllegalArgumentException("ttlSeconds must be positive");
    }
    addrs = List.copyOf(addrs);
  }

  /**
   * Whether {@code id} is a well-formed capability id: 1-64 letters, digits and {@code ._:-},
   * starting with a letter or digit.
   */
  public static boolean isValidId(String id) {
    int n = id.length();
    if (n == 0 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /** This descriptor with another {@code state}. */
  public CapabilityDescriptor withState(CapabilityState newState) {
    return new CapabilityDescriptor(
        peer,
        addrs,
        id,
        seq,
        issuedAt,
        ttlSeconds,
        intent,
        io,
        constraints,
        newState,
        qos,
        verification);
  }

  /** This descriptor announcing {@code newAddrs}. */
  public CapabilityDescriptor withAddrs(List<String> newAddrs) {
    return new CapabilityDescriptor(
        peer,
        newAddrs,
        id,
        seq,
        issuedAt,
        ttlSeconds,
        intent,
        io,
        constraints,
        state,
        qos,
        verification);
  }

  /** This descriptor as issued by {@code newPeer} with {@code newSeq} at {@code newIssuedAt}. */
  public CapabilityDescriptor issuedAs(PeerId newPeer, long newSeq, Instant newIssuedAt) {
    return new CapabilityDescriptor(
        newPeer,
        addrs,
        id,
        newSeq,
        newIssuedAt,
        ttlSeconds,
        intent,
        io,
        constraints,
        state,
        qos,
        verification);
  }

  /** The key that refreshes of this descriptor share. */
  public DescriptorKey key() {
    return new DescriptorKey(peer, id);
  }

  /** The instant after which the statement no longer holds. */
  public Instant expiresAt() {
    return issuedAt.plusSeconds(ttlSeconds);
  }

  /** {@link #expiresAt()} in epoch milliseconds. */
  public long expiresAtMillis() {
    return issuedAt.toEpochMilli() + ttlSeconds * 1000;
  }
}
