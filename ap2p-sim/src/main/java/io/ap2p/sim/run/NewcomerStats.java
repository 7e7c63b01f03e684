package io.ap2p.sim.run;

/**
 * What one run measured of honest newcomers joining mid-run and of the price on identities. Times
 * count from the newcomer's decision to join (so they include the work it pays for its identity); a
 * newcomer that no requester selected before the run ended counts in {@code joined} only.
 *
 * @param joined honest newcomers that decided to join
 * @param selected of which some requester sent a task (canary or real) before the run ended
 * @param firstSelectionSecondsSum sum over those of the time to that first task
 * @param selectedForReal of which some requester sent a real task (not a canary)
 * @param firstRealSecondsSum sum over those of the time to that first real task
 * @param identityCostSeconds core-seconds one identity cost each newcomer (and the adversary)
 * @param adversaryIdentities fresh identities the adversary paid for during the run
 */
public record NewcomerStats(
    int joined,
    int selected,
    double firstSelectionSecondsSum,
    int selectedForReal,
    double firstRealSecondsSum,
    double identityCostSeconds,
    long adversaryIdentities) {

  /** Nothing measured: no newcomer, no price. */
  public static final NewcomerStats NONE = new NewcomerStats(0, 0, 0, 0, 0, 0, 0);
}
