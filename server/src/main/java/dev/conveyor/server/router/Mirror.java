package dev.conveyor.server.router;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Pairs one request's primary answer with its shadows' answers, whichever comes first, and hands
 * each pair to the comparisons. Lives on the request's event loop; never touches the client.
 */
final class Mirror {
  private final ShadowComparisons comparisons;
  private final FleetKey fleet;
  private final String route;
  private CapturedResponse primary;
  private boolean primaryFailed;
  private List<InstanceId> waitingShadows;
  private List<CapturedResponse> waitingAnswers;

  Mirror(ShadowComparisons comparisons, FleetKey fleet, String route) {
    this.comparisons = comparisons;
    this.fleet = fleet;
    this.route = route;
  }

  /** The primary answered completely. */
  void primaryAnswered(CapturedResponse answer) {
    primary = answer;
    if (waitingShadows != null) {
      for (int i = 0; i < waitingShadows.size(); i++) {
        comparisons.compare(fleet, waitingShadows.get(i), route, primary, waitingAnswers.get(i));
      }
      waitingShadows = null;
      waitingAnswers = null;
    }
  }

  /** The primary gave no complete answer: there is nothing to compare with. */
  void primaryFailed() {
    primaryFailed = true;
    if (waitingShadows != null) {
      waitingShadows.forEach(shadow -> comparisons.skipped(fleet, shadow, route));
      waitingShadows = null;
      waitingAnswers = null;
    }
  }

  void shadowAnswered(InstanceId shadow, CapturedResponse answer) {
    if (primaryFailed) {
      comparisons.skipped(fleet, shadow, route);
    } else if (primary != null) {
      comparisons.compare(fleet, shadow, route, primary, answer);
    } else {
      if (waitingShadows == null) {
        waitingShadows = new ArrayList<>(2);
        waitingAnswers = new ArrayList<>(2);
      }
      waitingShadows.add(shadow);
      waitingAnswers.add(answer);
    }
  }

  void shadowFailed(InstanceId shadow) {
    comparisons.failed(fleet, shadow, route);
  }

  /** The request was not mirrored to {@code shadow} (its body is over the cap). */
  void skipped(InstanceId shadow) {
    comparisons.skipped(fleet, shadow, route);
  }
}
