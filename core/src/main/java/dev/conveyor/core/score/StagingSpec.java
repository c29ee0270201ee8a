package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.util.Optional;

/**
 * How a stage exercises the candidate beside the production artifact, both running in the stage's
 * own fleet ("a small network of machines that replicate a subset of production"): the requests to
 * replay for message-flow adherence, and the load under which their latencies are compared.
 *
 * @param instances instances of each artifact the stage's fleet runs
 * @param replayFile a JSON Lines file of recorded requests; empty to use what the router captured
 *     from production
 * @param rate requests per second sent to each artifact while latencies are compared
 * @param duration how long that load runs
 */
public record StagingSpec(
    int instances, Optional<String> replayFile, double rate, Duration duration) {
  public static final StagingSpec DEFAULT =
      new StagingSpec(1, Optional.empty(), 50, Duration.ofSeconds(10));

  public StagingSpec {
    Preconditions.check(
        instances >= 1 && instances <= 10,
        "a stage runs 1 to 10 instances of each artifact, got %s",
        instances);
    Preconditions.present(replayFile, "the replay file");
    Preconditions.check(
        rate > 0 && rate <= 10_000,
        "the staging load rate must be above 0 and at most 10000 requests/s, got %s",
        rate);
    Preconditions.check(
        duration.isPositive() && duration.compareTo(Duration.ofMinutes(10)) <= 0,
        "the staging load runs for more than 0 and at most 10 minutes, got %s",
        duration);
  }
}
