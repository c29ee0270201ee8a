package dev.conveyor.core.budget;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.ServiceName;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A service's objectives and the window their budgets are counted over (default 28 days). */
public record SloSpec(ServiceName service, Duration window, List<Objective> objectives) {
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(28);

  public SloSpec {
    Preconditions.present(service, "a service");
    Preconditions.check(
        window.compareTo(Duration.ofHours(1)) >= 0 && window.compareTo(Duration.ofDays(90)) <= 0,
        "%s: the window must be from 1h to 90d, got %s",
        service,
        window);
    objectives = List.copyOf(objectives);
    Preconditions.check(!objectives.isEmpty(), "%s: give at least one objective", service);
    Set<String> names = new HashSet<>();
    for (Objective o : objectives) {
      Preconditions.check(
          names.add(o.name()), "%s: objective '%s' is named twice", service, o.name());
    }
  }
}
