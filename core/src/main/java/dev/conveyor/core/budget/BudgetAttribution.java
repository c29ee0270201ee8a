package dev.conveyor.core.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which artifacts spent an objective's budget over its window: bad events per artifact, largest
 * first — what each deployment cost.
 */
public final class BudgetAttribution {
  private BudgetAttribution() {}

  /** Bad events per artifact in {@code [now − window, now)}, largest first; none left out. */
  public static Map<String, Long> of(List<MinuteEvents> minutes, Instant now, Duration window) {
    Instant from = now.minus(window);
    Map<String, Long> bad = new TreeMap<>();
    for (MinuteEvents m : minutes) {
      if (m.bad() > 0 && ErrorBudget.inWindow(m.minute(), from, now)) {
        bad.merge(m.artifact(), m.bad(), Long::sum);
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    bad.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(sorted);
  }
}
