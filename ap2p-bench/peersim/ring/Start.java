package ring;

import peersim.core.CommonState;
import peersim.core.Control;
import peersim.core.Network;
import peersim.edsim.EDSimulator;

/** Arms every node's timer at a random offset in the first second and reports at exit. */
public class Start implements Control {
  public Start(String prefix) {}

  public boolean execute() {
    for (int i = 0; i < Network.size(); i++) {
      EDSimulator.add(CommonState.r.nextLong(1_000_000), RingProtocol.TIMER, Network.get(i), 0);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      double s = (System.nanoTime() - RingProtocol.firstNanos) / 1e9;
      System.err.printf("PEERSIM: %d events in %.2f s = %.0f events/s%n", RingProtocol.events, s, RingProtocol.events / s);
    }));
    return false;
  }
}
