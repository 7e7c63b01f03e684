package io.ap2p.net.pubsub;

import io.ap2p.core.wire.Bytes;
import java.util.List;

/**
 * One pubsub RPC (pubsub/README.md, "The RPC"; control messages from gossipsub-v1.0.md, "Control
 * Messages", and gossipsub-v1.1.md, "PRUNE Backoff and Peer Exchange"): subscription changes,
 * messages, and the router's control messages. Lists are copied.
 */
public record Rpc(List<SubOpts> subscriptions, List<PubsubMessage> publish, Control control) {

  /** An RPC; lists are copied. */
  public Rpc {
    subscriptions = List.copyOf(subscriptions);
    publish = List.copyOf(publish);
  }

  /** The empty RPC. */
  public static final Rpc EMPTY = new Rpc(List.of(), List.of(), Control.EMPTY);

  /** True if it carries nothing. */
  public boolean isEmpty() {
    return subscriptions.isEmpty() && publish.isEmpty() && control.isEmpty();
  }

  /** A subscription ({@code subscribe}) or unsubscription to {@code topic}. */
  public record SubOpts(boolean subscribe, String topic) {}

  /** The control part: IHAVE, IWANT, GRAFT and PRUNE entries. Lists are copied. */
  public record Control(
      List<IHave> ihave, List<IWant> iwant, List<Graft> graft, List<Prune> prune) {

    /** No control messages. */
    public static final Control EMPTY = new Control(List.of(), List.of(), List.of(), List.of());

    /** Control messages; lists are copied. */
    public Control {
      ihave = List.copyOf(ihave);
      iwant = List.copyOf(iwant);
      graft = List.copyOf(graft);
      prune = List.copyOf(prune);
    }

    /** True if it carries nothing. */
    public boolean isEmpty() {
      return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
    }
  }

  /** The sender holds these message ids of {@code topic} in its cache. */
  public record IHave(String topic, List<Bytes> messageIds) {
    /** Copies the ids. */
    public IHave {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** The sender asks for these messages. */
  public record IWant(List<Bytes> messageIds) {
    /** Copies the ids. */
    public IWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** The sender added the receiver to its mesh of {@code topic}. */
  public record Graft(String topic) {}

  /**
   * The sender removed the receiver from its mesh of {@code topic} and asks it not to graft again
   * for {@code backoffSeconds} (0: unspecified). Peer exchange records are not kept (see
   * docs/networking.md).
   */
  public record Prune(String topic, long backoffSeconds) {}
}
