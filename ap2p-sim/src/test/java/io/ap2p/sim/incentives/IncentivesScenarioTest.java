package io.ap2p.sim.incentives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The incentives scenario's claim: with the ledger, free riders are served less than contributors
 * (beyond the 95% CIs); without it, not. Reruns are identical.
 */
class IncentivesScenarioTest {

  static final IncentivesConfig SMALL =
      IncentivesConfig.DEFAULTS.with("seeds=4").with("seconds=600");

  @Test
  void theLedgerServesContributorsBeforeFreeRidersAndWithoutItNobodyIsFavoured() {
    IncentivesReport r = IncentivesReport.run(SMALL);
    System.out.println(r.table());
    var ledgerC = r.row("ledger", PeerClass.CONTRIBUTOR).success();
    var ledgerF = r.row("ledger", PeerClass.FREE_RIDER).success();
    assertThat(ledgerC.mean() - ledgerC.ci95()).isGreaterThan(ledgerF.mean() + ledgerF.ci95());
    var openC = r.row("no-ledger", PeerClass.CONTRIBUTOR).success();
    var openF = r.row("no-ledger", PeerClass.FREE_RIDER).success();
    assertThat(Math.abs(openC.mean() - openF.mean())).isLessThan(0.05);
    // strategic peers, serving half as much, land between the two
    var ledgerS = r.row("ledger", PeerClass.STRATEGIC).success();
    assertThat(ledgerS.mean()).isBetween(ledgerF.mean(), ledgerC.mean());
  }

  @Test
  void rerunsAreByteIdenticalAndSeedsDiffer() {
    IncentivesConfig one = SMALL.with("seeds=2").with("peers=20").with("newcomers=2");
    IncentivesReport a = IncentivesReport.run(one);
    IncentivesReport b = IncentivesReport.run(one);
    assertThat(a.resultsCsv()).isEqualTo(b.resultsCsv());
    assertThat(a.summaryCsv()).isEqualTo(b.summaryCsv());
    String[] lines = a.resultsCsv().split("\n");
    assertThat(lines[1].split(",")[10]).isNotEqualTo(lines[lines.length - 1].split(",")[10]);
  }

  @Test
  void overridesAreCheckedNamingTheKey() {
    assertThatThrownBy(() -> SMALL.with("nope=1")).hasMessageContaining("unknown key 'nope'");
    assertThatThrownBy(() -> SMALL.with("peers=x")).hasMessageContaining("peers");
    assertThatThrownBy(() -> SMALL.with("stampBits=40")).hasMessageContaining("stampBits");
    assertThatThrownBy(() -> SMALL.with("freeRiders=0.8")).hasMessageContaining("freeRiders");
    assertThatThrownBy(() -> SMALL.with("peers")).hasMessageContaining("KEY=VALUE");
  }
}
