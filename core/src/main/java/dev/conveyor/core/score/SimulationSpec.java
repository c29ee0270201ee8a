package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.util.List;

/**
 * How a stage runs the service's simulation: a command (argv) run in the candidate's unpacked
 * directory against a running candidate, and how long it may take. In the command, {@code {target}}
 * stands for the candidate's base URL and {@code {artifact}} for its directory.
 */
public record SimulationSpec(List<String> command, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  public SimulationSpec {
    command = List.copyOf(Preconditions.present(command, "the simulation's command"));
    Preconditions.check(
        !command.isEmpty() && !command.get(0).isBlank(),
        "the simulation's command needs a program, such as [java, -jar, shop.jar, simulate,"
            + " --target, '{target}']");
    Preconditions.check(
        timeout.isPositive(), "the simulation's timeout must be positive, got %s", timeout);
  }
}
