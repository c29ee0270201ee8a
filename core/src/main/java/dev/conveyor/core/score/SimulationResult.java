package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;

/**
 * The outcome of the service's simulation command, run against the candidate with a small standard
 * data set: 100 when it exits 0, else 0, with its last non-empty output line as the evidence (a
 * simulation is expected to end with a summary such as {@code 50 of 50 orders settled}).
 */
public record SimulationResult(int exitCode, String summary) {
  /** Summaries longer than this are cut: one line of evidence, not a log. */
  static final int MAX_SUMMARY = 200;

  public SimulationResult {
    Preconditions.present(summary, "a simulation's summary");
  }

  /** The result of a run that exited with {@code exitCode} and printed {@code output}. */
  public static SimulationResult of(int exitCode, String output) {
    String last = "";
    for (String line : Preconditions.present(output, "a simulation's output").split("\\R")) {
      if (!line.isBlank()) {
        last = line.strip();
      }
    }
    if (last.length() > MAX_SUMMARY) {
      last = last.substring(0, MAX_SUMMARY) + "...";
    }
    return new SimulationResult(exitCode, last);
  }

  public boolean passed() {
    return exitCode == 0;
  }

  public double score() {
    return passed() ? 100 : 0;
  }

  /** The summary line; on failure prefixed by the exit code. */
  public String evidence() {
    String line = summary.isEmpty() ? "printed nothing" : summary;
    return passed() ? line : "exited with " + exitCode + ": " + line;
  }

  /** The {@code simulation} measure under {@code spec}. */
  public Measure measure(MeasureSpec spec) {
    spec.require(MeasureKind.SIMULATION);
    return spec.measure(score(), evidence());
  }
}
