package dev.conveyor.core.replay;

/**
 * One way replayed requests on a route answered differently from production, and how often: e.g.
 * {@code POST /checkout}, {@code status 500 vs 200}, 3.
 *
 * @param what the candidate's answer against production's: {@code status 500 vs 200}, {@code no
 *     response vs 200}, {@code body shape differs at status 200}
 */
public record FlowDifference(String route, String what, int count) {
  @Override
  public String toString() {
    return route + " " + what + " (" + count + "×)";
  }
}
