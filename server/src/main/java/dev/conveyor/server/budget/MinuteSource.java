package dev.conveyor.server.budget;

import dev.conveyor.core.budget.MinuteEvents;
import dev.conveyor.core.budget.Objective;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import java.time.Instant;
import java.util.List;

/**
 * Where a budget's minutes come from: what one objective counted per minute and artifact for a
 * service's fleet in an environment, over {@code [from, to)}. The persisted minute store is the one
 * that survives restarts.
 */
@FunctionalInterface
public interface MinuteSource {
  List<MinuteEvents> events(
      ServiceName service,
      EnvironmentName environment,
      Objective objective,
      Instant from,
      Instant to);
}
