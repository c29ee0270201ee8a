package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import java.time.Duration;

/**
 * How a verify step judges: its minimum and maximum duration. (Interim: the full spec, with its
 * judges, replaces this record when the verification package lands — TODO(#4).)
 */
public record VerificationSpec(Duration minDuration, Duration maxDuration) {
  public VerificationSpec {
    Preconditions.check(
        !minDuration.isNegative(), "minDuration must not be negative, got %s", minDuration);
    Preconditions.check(
        maxDuration.compareTo(minDuration) >= 0,
        "maxDuration %s must not be shorter than minDuration %s",
        maxDuration,
        minDuration);
  }

  public static VerificationSpec defaults() {
    return new VerificationSpec(Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  /** The same judges, run for exactly {@code hold}: a partial deployment's hold. */
  public VerificationSpec holdingFor(Duration hold) {
    return new VerificationSpec(hold, hold);
  }
}
