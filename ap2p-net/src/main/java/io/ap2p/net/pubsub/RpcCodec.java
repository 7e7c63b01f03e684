package io.ap2p.net.pubsub;

import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf encoding of pubsub RPCs (pubsub/README.md, "The RPC", and the {@code rpc.proto} of
 * gossipsub-v1.0.md / v1.1.md). Decoding enforces {@link RpcLimits} and refuses what breaks them
 * with a {@link WireFormatException}; unknown fields (such as v1.2's IDONTWANT) are skipped.
 *
 * <pre>
 * RPC     { repeated SubOpts subscriptions = 1; repeated Message publish = 2; Control control = 3 }
 * SubOpts { bool subscribe = 1; string topicid = 2 }
 * Message { bytes from = 1; bytes data = 2; bytes seqno = 3; string topic = 4;
 *           bytes signature = 5; bytes key = 6 }
 * Control { repeated IHave ihave = 1; IWant iwant = 2; Graft graft = 3; Prune prune = 4 }
 * IHave { string topicID = 1; repeated bytes messageIDs = 2 }   IWant { repeated bytes ids = 1 }
 * Graft { string topicID = 1 }   Prune { string topicID = 1; repeated PeerInfo peers = 2;
 *                                        uint64 backoff = 3 }
 * </pre>
 */
public final class RpcCodec {

  private RpcCodec() {}

  /** Encodes {@code rpc} (without the length prefix of the stream). */
  public static byte[] encode(Rpc rpc) {
    ProtoWriter w = new ProtoWriter();
    for (Rpc.SubOpts s : rpc.subscriptions()) {
      ProtoWriter sw = new ProtoWriter();
      sw.varint(1, s.subscribe() ? 1 : 0);
      sw.string(2, s.topic());
      w.bytes(1, sw.toBytes());
    }
    for (PubsubMessage m : rpc.publish()) {
      w.bytes(2, encodeMessage(m));
    }
    if (!rpc.control().isEmpty()) {
      w.bytes(3, encodeControl(rpc.control()));
    }
    return w.toBytes().toByteArray();
  }

  /**
   * A message's encoding; absent (empty) optional fields are left out, fields in number order, as
   * js-libp2p and go-libp2p write them, so the StrictSign signature covers the same bytes.
   */
  public static Bytes encodeMessage(PubsubMessage m) {
    ProtoWriter w = new ProtoWriter();
    if (m.from().length() > 0) {
      w.bytes(1, m.from());
    }
    w.bytes(2, m.data());
    if (m.seqno().length() > 0) {
      w.bytes(3, m.seqno());
    }
    w.string(4, m.topic());
    if (m.signature().length() > 0) {
      w.bytes(5, m.signature());
    }
    if (m.key().length() > 0) {
      w.bytes(6, m.key());
    }
    return w.toBytes();
  }

  private static Bytes encodeControl(Rpc.Control c) {
    ProtoWriter w = new ProtoWriter();
    for (Rpc.IHave h : c.ihave()) {
      ProtoWriter hw = new ProtoWriter();
      hw.string(1, h.topic());
      for (Bytes id : h.messageIds()) {
        hw.bytes(2, id);
      }
      w.bytes(1, hw.toBytes());
    }
    for (Rpc.IWant iw : c.iwant()) {
      ProtoWriter ww = new ProtoWriter();
      for (Bytes id : iw.messageIds()) {
        ww.bytes(1, id);
      }
      w.bytes(2, ww.toBytes());
    }
    for (Rpc.Graft g : c.graft()) {
      w.bytes(3, new ProtoWriter().string(1, g.topic()).toBytes());
    }
    for (Rpc.Prune p : c.prune()) {
      ProtoWriter pw = new ProtoWriter().string(1, p.topic());
      if (p.backoffSeconds() > 0) {
        pw.varint(3, p.backoffSeconds());
      }
      w.bytes(4, pw.toBytes());
    }
    return w.toBytes();
  }

  /**
   * Decodes one RPC.
   *
   * @throws WireFormatException if it is malformed or passes a limit of {@code limits}
   */
  public static Rpc decode(byte[] encoded, RpcLimits limits) throws WireFormatException {
    if (encoded.length > limits.maxRpcBytes()) {
      throw new WireFormatException(
          "pubsub RPC of " + encoded.length + " bytes is over " + limits.maxRpcBytes());
    }
    List<Rpc.SubOpts> subs = new ArrayList<>();
    List<PubsubMessage> msgs = new ArrayList<>();
    Rpc.Control control = Rpc.Control.EMPTY;
    boolean sawControl = false;
    ProtoReader r = new ProtoReader(Bytes.wrap(encoded));
    int max = limits.maxRpcBytes();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          if (subs.size() >= limits.maxSubscriptions()) {
            throw new WireFormatException("more than " + limits.maxSubscriptions() + " subopts");
          }
          subs.add(decodeSubOpts(r.message(max), limits));
        }
        case 2 -> {
          if (msgs.size() >= limits.maxMessages()) {
            throw new WireFormatException("more than " + limits.maxMessages() + " messages");
          }
          msgs.add(decodeMessage(r.message(max), limits));
        }
        case 3 -> {
          if (sawControl) {
            throw new WireFormatException("more than one control message");
          }
          sawControl = true;
          control = decodeControl(r.message(max), limits);
        }
        default -> r.skip();
      }
    }
    return new Rpc(subs, msgs, control);
  }

  private static Rpc.SubOpts decodeSubOpts(ProtoReader r, RpcLimits limits)
      throws WireFormatException {
    boolean subscribe = false;
    String topic = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> subscribe = r.varint() != 0;
        case 2 -> topic = r.string(limits.maxTopicBytes());
        default -> r.skip();
      }
    }
    if (topic == null) {
      throw new WireFormatException("subscription without a topic");
    }
    return new Rpc.SubOpts(subscribe, topic);
  }

  /**
   * Decodes one message (the {@code publish} entry of an RPC).
   *
   * @throws WireFormatException if it is malformed, lacks its topic or passes a limit
   */
  static PubsubMessage decodeMessage(ProtoReader r, RpcLimits limits) throws WireFormatException {
    Bytes from = Bytes.EMPTY;
    Bytes data = Bytes.EMPTY;
    Bytes seqno = Bytes.EMPTY;
    Bytes signature = Bytes.EMPTY;
    Bytes key = Bytes.EMPTY;
    String topic = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> from = r.bytes(128);
        case 2 -> data = r.bytes(limits.maxRpcBytes());
        case 3 -> seqno = r.bytes(64);
        case 4 -> {
          if (topic != null) {
            throw new WireFormatException("message with more than one topic");
          }
          topic = r.string(limits.maxTopicBytes());
        }
        case 5 -> signature = r.bytes(512);
        case 6 -> key = r.bytes(1024);
        default -> r.skip();
      }
    }
    if (topic == null) {
      throw new WireFormatException("message without a topic");
    }
    return new PubsubMessage(from, data, seqno, topic, signature, key);
  }

  private static Rpc.Control decodeControl(ProtoReader r, RpcLimits limits)
      throws WireFormatException {
    List<Rpc.IHave> ihave = new ArrayList<>();
    List<Rpc.IWant> iwant = new ArrayList<>();
    List<Rpc.Graft> graft = new ArrayList<>();
    List<Rpc.Prune> prune = new ArrayList<>();
    int[] ids = {0};
    int max = limits.maxRpcBytes();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          bound(ihave.size(), limits, "IHAVE");
          ProtoReader h = r.message(max);
          String topic = "";
          List<Bytes> list = new ArrayList<>();
          while (h.next()) {
            switch (h.field()) {
              case 1 -> topic = h.string(limits.maxTopicBytes());
              case 2 -> list.add(id(h, ids, limits));
              default -> h.skip();
            }
          }
          ihave.add(new Rpc.IHave(topic, list));
        }
        case 2 -> {
          bound(iwant.size(), limits, "IWANT");
          ProtoReader w = r.message(max);
          List<Bytes> list = new ArrayList<>();
          while (w.next()) {
            if (w.field() == 1) {
              list.add(id(w, ids, limits));
            } else {
              w.skip();
            }
          }
          iwant.add(new Rpc.IWant(list));
        }
        case 3 -> {
          bound(graft.size(), limits, "GRAFT");
          graft.add(new Rpc.Graft(topicOnly(r.message(max), limits)));
        }
        case 4 -> {
          bound(prune.size(), limits, "PRUNE");
          prune.add(decodePrune(r.message(max), limits));
        }
        default -> r.skip();
      }
    }
    return new Rpc.Control(ihave, iwant, graft, prune);
  }

  private static void bound(int size, RpcLimits limits, String kind) throws WireFormatException {
    if (size >= limits.maxControl()) {
      throw new WireFormatException("more than " + limits.maxControl() + " " + kind + " entries");
    }
  }

  private static Bytes id(ProtoReader r, int[] ids, RpcLimits limits) throws WireFormatException {
    if (++ids[0] > limits.maxIds()) {
      throw new WireFormatException("more than " + limits.maxIds() + " message ids");
    }
    return r.bytes(limits.maxIdBytes());
  }

  private static String topicOnly(ProtoReader r, RpcLimits limits) throws WireFormatException {
    String topic = "";
    while (r.next()) {
      if (r.field() == 1) {
        topic = r.string(limits.maxTopicBytes());
      } else {
        r.skip();
      }
    }
    return topic;
  }

  private static Rpc.Prune decodePrune(ProtoReader r, RpcLimits limits) throws WireFormatException {
    String topic = "";
    long backoff = 0;
    int peers = 0;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> topic = r.string(limits.maxTopicBytes());
        case 2 -> {
          if (++peers > limits.maxPrunePeers()) {
            throw new WireFormatException("more than " + limits.maxPrunePeers() + " PX peers");
          }
          r.skip(); // peer exchange is not used (docs/networking.md)
        }
        case 3 -> backoff = r.varint();
        default -> r.skip();
      }
    }
    if (backoff < 0 || backoff > 24 * 3600) {
      throw new WireFormatException("prune backoff of " + backoff + " s is out of range");
    }
    return new Rpc.Prune(topic, backoff);
  }
}
