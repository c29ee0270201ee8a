package dev.conveyor.core.artifact;

import dev.conveyor.core.fleet.ServiceName;
import java.time.Instant;

/**
 * An artifact as the history knows it: registered at {@code registeredAt}, by event {@code seq}.
 */
public record RegisteredArtifact(
    ArtifactId id,
    ServiceName service,
    String version,
    long size,
    Provenance provenance,
    Instant registeredAt,
    long seq) {}
