package dev.conveyor.bench.detection;

import dev.conveyor.core.verify.Outcome;

/**
 * A sequential test under a verify step's rules: it rolls back the moment the test fails, promotes
 * once the test has passed and the step has lasted its minimum duration and served its minimum
 * requests, and is inconclusive at the maximum duration.
 */
final class SequentialJudge implements Judge {
  private final SequentialTest test;
  private final long minSeconds;
  private final long minRequests;
  private final long maxSeconds;
  private long seconds;
  private long candidateRequests;
  private Decision decision = Decision.RUNNING;

  SequentialJudge(SequentialTest test, long minSeconds, long minRequests, long maxSeconds) {
    this.test = test;
    this.minSeconds = minSeconds;
    this.minRequests = minRequests;
    this.maxSeconds = maxSeconds;
  }

  @Override
  public Decision observe(Second second) {
    if (decision.decided()) {
      return decision;
    }
    seconds++;
    candidateRequests += second.candidateRequests();
    test.observe(second);
    Outcome outcome = test.outcome();
    if (outcome == Outcome.FAIL) {
      decision = Decision.ROLLBACK;
    } else if (outcome == Outcome.PASS
        && seconds >= minSeconds
        && candidateRequests >= minRequests) {
      decision = Decision.PROMOTE;
    } else if (seconds >= maxSeconds) {
      decision = Decision.INCONCLUSIVE;
    }
    return decision;
  }
}
