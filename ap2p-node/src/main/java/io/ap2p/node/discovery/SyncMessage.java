package io.ap2p.node.discovery;

import io.ap2p.core.discovery.registry.RegistryCodec;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages of {@code /ap2p/registry-sync/1.0.0} ({@link RegistrySync}): a replica that starts empty
 * pages through a peer registry's table; a publisher asks a registry which of its own descriptors
 * it holds. Protobuf, each part bounded:
 *
 * <pre>
 * SyncMessage { PageRequest page_request = 1; Page page = 2;
 *               HoldsRequest holds_request = 3; Holds holds = 4 }        (exactly one)
 * PageRequest { uint64 offset = 1 }
 * Page  { repeated bytes descriptor = 1; uint64 next = 2; repeated bytes identity_proof = 3 }
 * HoldsRequest { repeated string capability_id = 1 }
 * Holds { repeated Held held = 1 }       Held  { string capability_id = 1; uint64 seq = 2 }
 * </pre>
 *
 * <p>A page's {@code identity_proof}s, when present, are one per descriptor (empty for a signer
 * without one), each the signer's {@link io.ap2p.core.identity.IdentityProof} counter (at most
 * {@link RegistryCodec#MAX_IDENTITY_PROOF} bytes); absent when none is known, so such a page
 * encodes as it did before proofs existed.
 */
public sealed interface SyncMessage {

  /** The largest message either side reads. */
  int MAX_MESSAGE = 1 << 20;

  /** Descriptors per page, at most. */
  int MAX_PAGE = 256;

  /** Capability ids per holds request, at most. */
  int MAX_IDS = 256;

  /** Asks for the table's descriptors from position {@code offset} on (in key order). */
  record PageRequest(long offset) implements SyncMessage {}

  /**
   * Signed descriptors (verify each); {@code next} is where to go on, 0 at the end; {@code
   * identityProofs} empty, or the signers' identity proofs one per descriptor (check each).
   */
  record Page(List<Bytes> descriptors, long next, List<Bytes> identityProofs)
      implements SyncMessage {

    /** A page without identity proofs. */
    public Page(List<Bytes> descriptors, long next) {
      this(descriptors, next, List.of());
    }

    /** Copies the lists; checks there is no proof or one per descriptor, each within bounds. */
    public Page {
      descriptors = List.copyOf(descriptors);
      identityProofs = List.copyOf(identityProofs);
      if (!identityProofs.isEmpty() && identityProofs.size() != descriptors.size()) {
        throw new IllegalArgumentException(
            identityProofs.size() + " identity proofs for " + descriptors.size() + " descriptors");
      }
      for (Bytes p : identityProofs) {
        if (p.length() > RegistryCodec.MAX_IDENTITY_PROOF) {
          throw new IllegalArgumentException(
              "identity proof over " + RegistryCodec.MAX_IDENTITY_PROOF + " bytes");
        }
      }
    }

    /** The identity proof sent with descriptor {@code i}, empty when none. */
    public Bytes identityProof(int i) {
      return identityProofs.isEmpty() ? Bytes.EMPTY : identityProofs.get(i);
    }
  }

  /** Asks which of the asking peer's own capabilities the registry holds. */
  record HoldsRequest(List<String> capabilityIds) implements SyncMessage {
    /** Copies the list. */
    public HoldsRequest {
      capabilityIds = List.copyOf(capabilityIds);
    }
  }

  /** The asked capabilities held, with the seq held. */
  record Holds(List<Held> held) implements SyncMessage {
    /** Copies the list. */
    public Holds {
      held = List.copyOf(held);
    }
  }

  /**
   * Asks for the signed revocations the registry holds, from {@code offset} on; answered with a
   * {@link Page} of them (docs/revocation.md).
   */
  record RevocationsRequest(long offset) implements SyncMessage {}

  /** One held descriptor of the asking peer. */
  record Held(String capabilityId, long seq) {}

  /** Encodes {@code m}. */
  static Bytes encode(SyncMessage m) {
    ProtoWriter w = new ProtoWriter();
    switch (m) {
      case PageRequest r -> w.bytes(1, new ProtoWriter().varint(1, r.offset()).toBytes());
      case RevocationsRequest r -> w.bytes(5, new ProtoWriter().varint(1, r.offset()).toBytes());
      case Page p -> {
        ProtoWriter pw = new ProtoWriter();
        p.descriptors().forEach(d -> pw.bytes(1, d));
        pw.varint(2, p.next());
        p.identityProofs().forEach(b -> pw.bytes(3, b));
        w.bytes(2, pw.toBytes());
      }
      case HoldsRequest h -> {
        ProtoWriter hw = new ProtoWriter();
        h.capabilityIds().forEach(id -> hw.string(1, id));
        w.bytes(3, hw.toBytes());
      }
      case Holds h -> {
        ProtoWriter hw = new ProtoWriter();
        h.held()
            .forEach(
                e ->
                    hw.bytes(
                        1,
                        new ProtoWriter()
                            .string(1, e.capabilityId())
                            .varint(2, e.seq())
                            .toBytes()));
        w.bytes(4, hw.toBytes());
      }
    }
    return w.toBytes();
  }

  /**
   * Decodes one message.
   *
   * @throws WireFormatException if it is malformed, not exactly one message, or over a limit
   */
  static SyncMessage decode(Bytes bytes) throws WireFormatException {
    if (bytes.length() > MAX_MESSAGE) {
      throw new WireFormatException("sync message over " + MAX_MESSAGE + " bytes");
    }
    ProtoReader r = new ProtoReader(bytes);
    SyncMessage m = null;
    while (r.next()) {
      if (m != null) {
        throw new WireFormatException("more than one sync message");
      }
      ProtoReader in = r.message(MAX_MESSAGE);
      m =
          switch (r.field()) {
            case 1 -> new PageRequest(varintField(in));
            case 2 -> page(in);
            case 3 -> holdsRequest(in);
            case 4 -> holds(in);
            case 5 -> new RevocationsRequest(varintField(in));
            default -> throw new WireFormatException("unknown sync message " + r.field());
          };
    }
    if (m == null) {
      throw new WireFormatException("empty sync message");
    }
    return m;
  }

  private static long varintField(ProtoReader in) throws WireFormatException {
    long v = 0;
    while (in.next()) {
      if (in.field() == 1) {
        v = in.varint();
      } else {
        in.skip();
      }
    }
    if (v < 0) {
      throw new WireFormatException("offset out of range");
    }
    return v;
  }

  private static Page page(ProtoReader in) throws WireFormatException {
    List<Bytes> ds = new ArrayList<>();
    List<Bytes> proofs = new ArrayList<>();
    long next = 0;
    while (in.next()) {
      switch (in.field()) {
        case 1 -> {
          if (ds.size() >= MAX_PAGE) {
            throw new WireFormatException("more than " + MAX_PAGE + " descriptors in a page");
          }
          ds.add(in.bytes(MAX_MESSAGE));
        }
        case 2 -> next = in.varint();
        case 3 -> {
          if (proofs.size() >= MAX_PAGE) {
            throw new WireFormatException("more than " + MAX_PAGE + " identity proofs in a page");
          }
          proofs.add(in.bytes(RegistryCodec.MAX_IDENTITY_PROOF));
        }
        default -> in.skip();
      }
    }
    if (next < 0) {
      throw new WireFormatException("next offset out of range");
    }
    if (!proofs.isEmpty() && proofs.size() != ds.size()) {
      throw new WireFormatException(
          proofs.size() + " identity proofs for " + ds.size() + " descriptors in a page");
    }
    return new Page(ds, next, proofs);
  }

  private static HoldsRequest holdsRequest(ProtoReader in) throws WireFormatException {
    List<String> ids = new ArrayList<>();
    while (in.next()) {
      if (in.field() == 1) {
        if (ids.size() >= MAX_IDS) {
          throw new WireFormatException("more than " + MAX_IDS + " capability ids");
        }
        ids.add(in.string(256));
      } else {
        in.skip();
      }
    }
    return new HoldsRequest(ids);
  }

  private static Holds holds(ProtoReader in) throws WireFormatException {
    List<Held> held = new ArrayList<>();
    while (in.next()) {
      if (in.field() != 1) {
        in.skip();
        continue;
      }
      if (held.size() >= MAX_IDS) {
        throw new WireFormatException("more than " + MAX_IDS + " held entries");
      }
      ProtoReader e = in.message(1024);
      String id = "";
      long seq = 0;
      while (e.next()) {
        switch (e.field()) {
          case 1 -> id = e.string(256);
          case 2 -> seq = e.varint();
          default -> e.skip();
        }
      }
      held.add(new Held(id, seq));
    }
    return new Holds(held);
  }
}
