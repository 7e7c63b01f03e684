package io.ap2p.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.sim.run.NewcomerStats.Wait;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kaplan–Meier medians and the share selected, with censored newcomers. */
class SurvivalTest {

  @Test
  void censoredWaitsAreNeitherDroppedNorCountedAsSelections() {
    // selected at 10 and 20; censored at 15, 30, 30: S(10) = 4/5, S(20) = 4/5 * 2/3 = 0.53,
    // never <= 0.5: the median is at least the longest follow-up
    List<Wait> w =
        List.of(
            new Wait(10, false),
            new Wait(15, true),
            new Wait(20, false),
            new Wait(30, true),
            new Wait(30, true));
    assertThat(Survival.median(w)).isEqualTo(">= 30.0");
    // a mean over the selected only would say 15 s
    List<Wait> most =
        List.of(new Wait(10, false), new Wait(15, true), new Wait(20, false), new Wait(25, false));
    // S(10) = 3/4, S(20) = 3/4 * 1/2 = 0.375
    assertThat(Survival.medianSeconds(most)).isEqualTo(20.0);
    assertThat(Survival.median(List.of())).isEqualTo("-");
    assertThat(NewcomerReport.share(w)).isEqualTo("2/5 = 0.40 (0.12–0.77)");
    assertThat(NewcomerReport.share(List.of(new Wait(160, true), new Wait(160, true))))
        .startsWith("0/2 = 0.00 (0.00–0.");
  }
}
