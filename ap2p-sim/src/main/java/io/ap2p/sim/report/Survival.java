package io.ap2p.sim.report;

import io.ap2p.sim.run.NewcomerStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Kaplan–Meier estimates over right-censored waits (newcomers never selected before the end). */
final class Survival {

  private Survival() {}

  /**
   * The Kaplan–Meier median of {@code waits}, as text: seconds; "{@code >= x}" when the estimated
   * share still waiting never falls to one half (x: the longest wait observed, selected or not);
   * "-" for none.
   */
  static String median(List<NewcomerStats.Wait> waits) {
    if (waits.isEmpty()) {
      return "-";
    }
    double m = medianSeconds(waits);
    if (Double.isNaN(m)) {
      double longest = waits.stream().mapToDouble(NewcomerStats.Wait::seconds).max().orElse(0);
      return ">= " + Report.f(longest, 1);
    }
    return Report.f(m, 1);
  }

  /** The first time the Kaplan–Meier survival falls to 0.5 or below; NaN if it never does. */
  static double medianSeconds(List<NewcomerStats.Wait> waits) {
    List<NewcomerStats.Wait> sorted = new ArrayList<>(waits);
    // at equal times events come first: a censored wait at t was still at risk at t
    sorted.sort(
        Comparator.comparingDouble(NewcomerStats.Wait::seconds)
            .thenComparing(NewcomerStats.Wait::censored));
    double survival = 1;
    int atRisk = sorted.size();
    int i = 0;
    while (i < sorted.size()) {
      double t = sorted.get(i).seconds();
      int events = 0;
      int leaving = 0;
      while (i < sorted.size() && sorted.get(i).seconds() == t) {
        if (!sorted.get(i).censored()) {
          events++;
        }
        leaving++;
        i++;
      }
      if (events > 0) {
        survival *= 1 - (double) events / atRisk;
        if (survival <= 0.5) {
          return t;
        }
      }
      atRisk -= leaving;
    }
    return Double.NaN;
  }
}
