package dev.conveyor.core.budget;

import dev.conveyor.core.Preconditions;
import java.time.Instant;

/**
 * What one objective counted in one minute for one artifact: events and how many were bad. For a
 * request objective the events are requests; for a flow objective a minute is one event, bad when
 * the flow fell short.
 *
 * @param minute the minute's start, on a whole minute
 * @param artifact the artifact that served them ({@code sha256:…}), or empty when unknown
 */
public record MinuteEvents(Instant minute, String artifact, long total, long bad) {
  public MinuteEvents {
    Preconditions.present(minute, "a minute");
    Preconditions.check(
        minute.getEpochSecond() % 60 == 0 && minute.getNano() == 0,
        "a minute starts on a whole minute, got %s",
        minute);
    Preconditions.present(artifact, "an artifact (empty when unknown)");
    Preconditions.check(
        total >= 0 && bad >= 0 && bad <= total,
        "a minute counts 0 or more events of which at most all are bad, got %s bad of %s",
        bad,
        total);
  }
}
