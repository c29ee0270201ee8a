package dev.conveyor.bench.detection;

import dev.conveyor.core.metrics.RequestCounts;
import dev.conveyor.core.verify.Assessment;
import dev.conveyor.core.verify.Observation;
import dev.conveyor.core.verify.Reference;
import dev.conveyor.core.verify.Verification;
import dev.conveyor.core.verify.VerificationSpec;
import java.time.Instant;

/**
 * Conveyor's verification itself, as a plan would configure it with an empty {@code verify:} block,
 * fed the simulated seconds as the controller would feed the router's: no latency threshold and no
 * routes (these streams have neither), so the error comparison decides.
 */
final class ConveyorJudge implements Judge {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Verification verification;
  private Instant next = START;
  private Decision decision = Decision.RUNNING;

  ConveyorJudge(VerificationSpec spec) {
    this.verification = Verification.start(spec, START, Reference.NONE);
  }

  @Override
  public Decision observe(Second second) {
    if (decision.decided()) {
      return decision;
    }
    Assessment assessment =
        verification.observe(
            Observation.of(
                next,
                counts(second.candidateRequests(), second.candidateErrors()),
                counts(second.baselineRequests(), second.baselineErrors())));
    next = next.plusSeconds(1);
    decision =
        switch (assessment.outcome()) {
          case RUNNING -> Decision.RUNNING;
          case PASS -> Decision.PROMOTE;
          case FAIL -> Decision.ROLLBACK;
          case INCONCLUSIVE -> Decision.INCONCLUSIVE;
        };
    return decision;
  }

  private static RequestCounts counts(long requests, long errors) {
    return new RequestCounts(requests, requests - errors, 0, 0, errors, 0, 0);
  }
}
