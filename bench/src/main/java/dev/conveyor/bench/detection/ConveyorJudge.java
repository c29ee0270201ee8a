package dev.conveyor.bench.detection;

import dev.conveyor.core.metrics.RequestCounts;
import dev.conveyor.core.verify.Assessment;
import dev.conveyor.core.verify.Observation;
import dev.conveyor.core.verify.Reference;
import dev.conveyor.core.verify.SplitCounts;
import dev.conveyor.core.verify.Verification;
import dev.conveyor.core.verify.VerificationSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Conveyor's verification itself, fed the simulated seconds as the controller feeds the router's.
 * In the main simulation it runs as a plan configures it with an empty {@code verify:} block and
 * {@link Reference#NONE}: no latency threshold and no routes (those streams have neither), so the
 * error comparison decides. The live predictions give it a threshold, which turns the latency
 * comparison on over the streams' slow requests; flows stay off (no routes).
 */
final class ConveyorJudge implements Judge {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Verification verification;
  private Instant next = START;
  private Decision decision = Decision.RUNNING;

  ConveyorJudge(VerificationSpec spec) {
    this(spec, Reference.NONE);
  }

  ConveyorJudge(VerificationSpec spec, Reference reference) {
    this.verification = Verification.start(spec, START, reference);
  }

  @Override
  public Decision observe(Second second) {
    if (decision.decided()) {
      return decision;
    }
    Assessment assessment =
        verification.observe(
            new Observation(
                next,
                counts(second.candidateRequests(), second.candidateErrors()),
                counts(second.baselineRequests(), second.baselineErrors()),
                SplitCounts.of(second.candidateSlow(), second.baselineSlow()),
                Map.of(),
                Optional.empty()));
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
