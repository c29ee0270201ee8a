package dev.conveyor.core.budget;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which deployments spent an objective's budget: each bad event goes to the deployment that brought
 * the artifact that served it — the latest production deployment of that artifact started by the
 * event's minute (a rollback brings the old artifact back, and from then on its bad events are the
 * rollback's). Bad events of an artifact no recorded deployment brought are that artifact's, with
 * deployment {@code ""}.
 */
public final class BudgetAttribution {
  private BudgetAttribution() {}

  /** A production deployment as attribution sees it: the artifact it brought, and when. */
  public record Deployed(String deployment, String artifact, Instant started) {}

  /** What one deployment spent: bad events of its artifact while it was the one that brought it. */
  public record Spent(String deployment, String artifact, long bad) {}

  /**
   * Bad events per deployment for minutes in {@code [from, to)}, largest first (ties by
   * deployment); deployments that spent nothing are left out.
   */
  public static List<Spent> of(
      List<MinuteEvents> minutes, List<Deployed> deployments, Instant from, Instant to) {
    List<Deployed> byStart = new ArrayList<>(deployments);
    byStart.sort(Comparator.comparing(Deployed::started));
    Map<String, Spent> spent = new LinkedHashMap<>();
    for (MinuteEvents m : minutes) {
      if (m.bad() == 0 || !ErrorBudget.inWindow(m.minute(), from, to)) {
        continue;
      }
      Deployed by = broughtBy(byStart, m);
      String deployment = by == null ? "" : by.deployment();
      String key = by == null ? " " + m.artifact() : deployment;
      Spent before = spent.get(key);
      spent.put(
          key, new Spent(deployment, m.artifact(), (before == null ? 0 : before.bad()) + m.bad()));
    }
    List<Spent> sorted = new ArrayList<>(spent.values());
    sorted.sort(
        Comparator.comparingLong(Spent::bad)
            .reversed()
            .thenComparing(Spent::deployment)
            .thenComparing(Spent::artifact));
    return List.copyOf(sorted);
  }

  /** What {@code deployment} spent in {@code [from, to)}: its bad events by the rule above. */
  public static long spentBy(
      String deployment,
      List<MinuteEvents> minutes,
      List<Deployed> deployments,
      Instant from,
      Instant to) {
    return of(minutes, deployments, from, to).stream()
        .filter(s -> s.deployment().equals(deployment))
        .mapToLong(Spent::bad)
        .sum();
  }

  private static Deployed broughtBy(List<Deployed> byStart, MinuteEvents m) {
    Deployed by = null;
    for (Deployed d : byStart) {
      if (d.started().truncatedTo(ChronoUnit.MINUTES).isAfter(m.minute())) {
        break;
      }
      if (d.artifact().equals(m.artifact())) {
        by = d;
      }
    }
    return by;
  }
}
