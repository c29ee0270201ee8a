package dev.conveyor.bench.detection;

/**
 * A Flagger-style fixed-interval gate, as Flagger's scheduler runs it (fluxcd/flagger,
 * pkg/controller/scheduler.go): every {@code interval} it first rolls back if the failed checks
 * have reached {@code threshold}, then runs the metric check, the candidate's request success rate
 * (non-5xx answers) over the metric's window, which fails below {@code thresholdRange.min}. A
 * failed check adds one to the failed checks, which nothing resets during the analysis; a passed
 * check advances the analysis, and after {@code iterations} passed checks the canary is promoted.
 *
 * <p>Configured as the gate: {@code interval: 30s}, {@code threshold: 5}, {@code
 * request-success-rate} with {@code thresholdRange.min: 99} over {@code interval: 30s}, and {@code
 * iterations: 10} (the value Flagger sets itself when it cannot shift traffic by weight). Left out:
 * Flagger runs two more checks with all traffic on the canary before it promotes a blue/green
 * analysis, and it steps weights in a progressive canary; here the share stays at 10%.
 */
final class FlaggerGate implements Judge {
  static final int INTERVAL_SECONDS = 30;
  static final int THRESHOLD = 5;
  static final double MIN_SUCCESS_PERCENT = 99;
  static final int ITERATIONS = 10;

  private long seconds;
  private long windowRequests;
  private long windowErrors;
  private int failedChecks;
  private int passedChecks;
  private Decision decision = Decision.RUNNING;

  @Override
  public Decision observe(Second second) {
    if (decision.decided()) {
      return decision;
    }
    seconds++;
    windowRequests += second.candidateRequests();
    windowErrors += second.candidateErrors();
    if (seconds % INTERVAL_SECONDS != 0) {
      return decision;
    }
    if (failedChecks >= THRESHOLD) {
      return decision = Decision.ROLLBACK;
    }
    if (passedChecks >= ITERATIONS) {
      return decision = Decision.PROMOTE;
    }
    // "no values found" (no requests in the window) counts as a failed check in Flagger too.
    boolean ok =
        windowRequests > 0
            && 100.0 * (windowRequests - windowErrors) / windowRequests >= MIN_SUCCESS_PERCENT;
    if (ok) {
      passedChecks++;
    } else {
      failedChecks++;
    }
    windowRequests = 0;
    windowErrors = 0;
    return decision;
  }
}
