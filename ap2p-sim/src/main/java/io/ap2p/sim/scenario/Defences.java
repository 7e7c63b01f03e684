package io.ap2p.sim.scenario;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code defences} key: Sybil-resistance mechanisms switched on for a point, joined with {@code
 * +} ({@code "exclude+recall+shared"}), or {@code none}. Documented in docs/simulation.md.
 *
 * <ul>
 *   <li>{@code exclude}: queries carry the peers the requester distrusts or has tried and failed
 *       with, and the registry leaves them out of the answer;
 *   <li>{@code recall}: queries name the providers the requester trusts for the tag, and the
 *       registry answers with their live descriptors first;
 *   <li>{@code doubt}: the requester does not let unverified claims order its candidates: those it
 *       trusts first, strangers in random order, those it distrusts last;
 *   <li>{@code shared}: requesters share feedback, weighted by the reporter's standing, in a circle
 *       that starts with a standing for each other (pre-trusted peers);
 *   <li>{@code rediscover}: a step whose candidates are used up, or all distrusted, asks discovery
 *       again without every provider offered so far, within its attempts and deadline.
 * </ul>
 */
public final class Defences {

  /** Every mechanism name, in the order they are documented. */
  public static final List<String> ALL =
      List.of("exclude", "recall", "doubt", "shared", "rediscover");

  private Defences() {}

  /** The mechanisms of {@code value}; {@code none} is the empty set. */
  public static Set<String> parse(String value) {
    Set<String> out = new LinkedHashSet<>();
    if (value.equals("none")) {
      return out;
    }
    if (value.length() > 200) {
      throw new IllegalArgumentException("longer than 200 characters");
    }
    for (String m : value.split("\\+", -1)) {
      if (!ALL.contains(m)) {
        throw new IllegalArgumentException(
            "'" + m + "' is not a mechanism (none, or some of " + String.join("+", ALL) + ")");
      }
      out.add(m);
    }
    return out;
  }
}
