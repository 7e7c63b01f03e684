package io.ap2p.sim.run;

import java.util.List;

/**
 * What one run measured of honest newcomers joining mid-run and of the price on identities. Times
 * count from the newcomer's decision to join (so they include the work it pays for its identity); a
 * newcomer that no requester selected before the run ended is censored at the run's end.
 *
 * @param firstSelection per newcomer: time to the first task (canary or real) sent to it
 * @param firstReal per newcomer: time to the first real task (not a canary)
 * @param identityCostSeconds core-seconds one identity cost each newcomer (and the adversary)
 * @param adversaryIdentities fresh identities the adversary had ready (paid for) during the run
 * @param adversaryQueued fresh identities it ordered that were not ready when the run ended
 * @param initialAdversaryIdentities identities it held at the start, paid before the run (0 when
 *     identities are free)
 * @param stockpile fresh identities it computed before the run (0 when identities are free)
 */
public record NewcomerStats(
    List<Wait> firstSelection,
    List<Wait> firstReal,
    double identityCostSeconds,
    long adversaryIdentities,
    long adversaryQueued,
    int initialAdversaryIdentities,
    long stockpile) {

  /** Nothing measured: no newcomer, no price. */
  public static final NewcomerStats NONE = new NewcomerStats(List.of(), List.of(), 0, 0, 0, 0, 0);

  /** Copies the lists. */
  public NewcomerStats {
    firstSelection = List.copyOf(firstSelection);
    firstReal = List.copyOf(firstReal);
  }

  /**
   * One newcomer's wait, in seconds: until it was selected, or (censored) until the run ended
   * without its being selected.
   */
  public record Wait(double seconds, boolean censored) {}

  /** Honest newcomers that decided to join. */
  public int joined() {
    return firstSelection.size();
  }

  /** Of which some requester sent a task (canary or real) before the run ended. */
  public int selected() {
    return (int) firstSelection.stream().filter(w -> !w.censored()).count();
  }

  /** Of which some requester sent a real task before the run ended. */
  public int selectedForReal() {
    return (int) firstReal.stream().filter(w -> !w.censored()).count();
  }
}
