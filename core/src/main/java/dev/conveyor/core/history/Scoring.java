package dev.conveyor.core.history;

import dev.conveyor.core.event.ArtifactScored;
import java.time.Instant;

/**
 * An artifact's latest scoring in one environment, as the history holds it: the event, and when and
 * at which sequence number it was recorded.
 */
public record Scoring(ArtifactScored scored, Instant time, long seq) {}
