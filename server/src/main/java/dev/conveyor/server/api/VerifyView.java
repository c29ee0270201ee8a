package dev.conveyor.server.api;

import dev.conveyor.core.history.ChainReport;

/** The outcome of {@code history verify}, for the API. */
public record VerifyView(
    boolean intact,
    long checked,
    long lastSeq,
    Long firstBrokenSeq,
    String problem,
    String summary) {
  public static VerifyView of(ChainReport report) {
    return new VerifyView(
        report.intact(),
        report.checked(),
        report.lastSeq(),
        report.intact() ? null : report.firstBrokenSeq(),
        report.problem(),
        report.summary());
  }
}
