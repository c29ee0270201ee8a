package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.ReviewVerdict;

/**
 * A reviewer who is not the artifact's author reviewed it through the API: approved it, or asked
 * for changes. The latest verdicts decide the dev {@code review} measure when no git log is
 * submitted.
 *
 * @param reviewer the actor who reviewed; never the actor who registered the artifact
 * @param comment what the reviewer said, or null
 */
public record ArtifactReviewed(
    ArtifactId artifact,
    ServiceName service,
    String reviewer,
    ReviewVerdict verdict,
    String comment)
    implements Event {
  public ArtifactReviewed {
    Preconditions.present(artifact, "artifact");
    Preconditions.present(service, "service");
    Preconditions.check(
        reviewer != null && !reviewer.isBlank(), "a review needs the reviewer's name");
    Preconditions.present(verdict, "the review's verdict");
  }
}
