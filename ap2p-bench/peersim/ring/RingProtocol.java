package ring;

import peersim.core.CommonState;
import peersim.core.Network;
import peersim.core.Node;
import peersim.edsim.EDProtocol;
import peersim.edsim.EDSimulator;

/** The EngineBenchmark workload on PeerSim: a periodic timer that sends a message to the next node. */
public class RingProtocol implements EDProtocol {
  static final Object TIMER = new Object();
  static final Object MSG = new Object();
  static long events;
  static long firstNanos;

  public RingProtocol(String prefix) {}

  public Object clone() {
    try { return super.clone(); } catch (CloneNotSupportedException e) { throw new AssertionError(e); }
  }

  public void processEvent(Node node, int pid, Object event) {
    if (events++ == 0) {
      firstNanos = System.nanoTime();
    }
    if (event == TIMER) {
      Node next = Network.get((node.getIndex() + 1) % Network.size());
      EDSimulator.add(10_000 + CommonState.r.nextLong(50_000), MSG, next, pid);
      EDSimulator.add(500_000 + CommonState.r.nextLong(1_000_000), TIMER, node, pid);
    }
  }
}
