package io.ap2p.net.pubsub;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the router has to send, gathered per peer until the runtime drains it; each peer's pending
 * parts are cut into RPCs that stay within {@link RpcLimits#DEFAULTS} (IHAVE apart from IWANT, at
 * most {@link #MESSAGES_PER_RPC} messages each). Not thread-safe: the router's lock guards it.
 */
final class Outbox {

  /** An RPC for one peer. */
  record Send(PeerId peer, Rpc rpc) {}

  /** Messages per RPC, so that RPCs of large messages stay under the 1 MiB limit. */
  static final int MESSAGES_PER_RPC = 8;

  private static final class Pending {
    final List<Rpc.SubOpts> subs = new ArrayList<>();
    final List<PubsubMessage> messages = new ArrayList<>();
    final List<Rpc.IHave> ihave = new ArrayList<>();
    final List<Bytes> iwant = new ArrayList<>();
    final List<Rpc.Graft> graft = new ArrayList<>();
    final List<Rpc.Prune> prune = new ArrayList<>();
  }

  private final Map<PeerId, Pending> pending = new LinkedHashMap<>();

  private Pending of(PeerId peer) {
    return pending.computeIfAbsent(peer, p -> new Pending());
  }

  void subscription(PeerId peer, String topic, boolean subscribe) {
    of(peer).subs.add(new Rpc.SubOpts(subscribe, topic));
  }

  void message(PeerId peer, PubsubMessage m) {
    of(peer).messages.add(m);
  }

  void ihave(PeerId peer, String topic, List<Bytes> ids) {
    of(peer).ihave.add(new Rpc.IHave(topic, ids));
  }

  void iwant(PeerId peer, List<Bytes> ids) {
    of(peer).iwant.addAll(ids);
  }

  void graft(PeerId peer, String topic) {
    of(peer).graft.add(new Rpc.Graft(topic));
  }

  void prune(PeerId peer, String topic, long backoffSeconds) {
    of(peer).prune.add(new Rpc.Prune(topic, backoffSeconds));
  }

  /** Forgets what was pending for {@code peer} (it is gone). */
  void drop(PeerId peer) {
    pending.remove(peer);
  }

  /** The RPCs to send, in order per peer; empties the outbox. */
  List<Send> drain() {
    List<Send> out = new ArrayList<>();
    for (Map.Entry<PeerId, Pending> e : pending.entrySet()) {
      PeerId peer = e.getKey();
      Pending p = e.getValue();
      List<Rpc.IWant> iwant = p.iwant.isEmpty() ? List.of() : List.of(new Rpc.IWant(p.iwant));
      Rpc.Control control = new Rpc.Control(List.of(), iwant, p.graft, p.prune);
      int firstMessages = Math.min(MESSAGES_PER_RPC, p.messages.size());
      Rpc first = new Rpc(p.subs, p.messages.subList(0, firstMessages), control);
      if (!first.isEmpty()) {
        out.add(new Send(peer, first));
      }
      if (!p.ihave.isEmpty()) {
        out.add(
            new Send(
                peer,
                new Rpc(
                    List.of(),
                    List.of(),
                    new Rpc.Control(p.ihave, List.of(), List.of(), List.of()))));
      }
      for (int i = firstMessages; i < p.messages.size(); i += MESSAGES_PER_RPC) {
        List<PubsubMessage> chunk =
            p.messages.subList(i, Math.min(p.messages.size(), i + MESSAGES_PER_RPC));
        out.add(new Send(peer, new Rpc(List.of(), chunk, Rpc.Control.EMPTY)));
      }
    }
    pending.clear();
    return out;
  }
}
