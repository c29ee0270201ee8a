package dev.conveyor.server.pipeline;

import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactReviewed;
import dev.conveyor.core.event.SurveyRecorded;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.SignOff;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one stage's measures are read from.
 *
 * @param reports the reports by kind, each kind's by name: submitted (dev) or read back from the
 *     evidence store (later stages)
 * @param author who registered the artifact, whose own reviews and sign-offs do not count
 * @param fresh measures this stage produced itself: simulation, flows, performance
 * @param carried the measures of earlier stages by name, the latest stage's first; used for what
 *     this stage neither reads nor produces
 * @param signOff the approver's sign-off at this stage, when there is one
 */
record StageInputs(
    Map<ReportKind, Map<String, String>> reports,
    Actor author,
    List<ArtifactReviewed> reviews,
    Optional<SurveyRecorded> survey,
    Map<MeasureKind, Measure> fresh,
    Map<String, Measure> carried,
    Optional<SignOff> signOff) {
  StageInputs {
    reports = Map.copyOf(reports);
    reviews = List.copyOf(reviews);
    fresh = Map.copyOf(fresh);
    carried = Map.copyOf(carried);
  }
}
