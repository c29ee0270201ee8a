package dev.conveyor.server.replay;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.replay.FlowAdherence;
import dev.conveyor.core.replay.ObservedResponse;
import dev.conveyor.core.replay.PerformanceComparison;
import dev.conveyor.core.replay.ReplaySet;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.MeasureSpec;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Staging's two run measures in one call: the replay set sent in order to one candidate and one
 * production instance ({@code flows}), then the same set at a fixed rate to both sides at once
 * ({@code performance}). Only the measures the specs ask for are run. The flow replay comes first,
 * so that instances started for the stage answer it as fresh instances do, whatever load follows.
 */
public final class StagingReplay {
  private final Replayer replayer;
  private final PerformanceRun performance;
  private final int ratePerSecond;
  private final Duration duration;

  /**
   * @param ratePerSecond the performance run's rate, e.g. 50
   * @param duration the performance run's timed duration, e.g. 30 s
   */
  public StagingReplay(
      Replayer replayer, PerformanceRun performance, int ratePerSecond, Duration duration) {
    this.replayer = Preconditions.present(replayer, "the replayer");
    this.performance = Preconditions.present(performance, "the performance run");
    this.ratePerSecond = ratePerSecond;
    this.duration = duration;
  }

  /**
   * The {@code flows} and {@code performance} measures that {@code specs} name, scored under them.
   *
   * @param candidate the candidate's instances; the flow replay uses the first
   * @param baseline production's instances (copies of them in staging); the flow replay uses the
   *     first
   */
  public Map<MeasureKind, Measure> measure(
      ReplaySet set, List<Endpoint> candidate, List<Endpoint> baseline, List<MeasureSpec> specs) {
    Preconditions.check(
        candidate != null && !candidate.isEmpty(),
        "a staging replay needs at least one candidate instance, got none");
    Preconditions.check(
        baseline != null && !baseline.isEmpty(),
        "a staging replay needs at least one production instance, got none");
    Map<MeasureKind, Measure> measures = new EnumMap<>(MeasureKind.class);
    for (MeasureSpec spec : specs) {
      if (spec.kind() == MeasureKind.FLOWS) {
        List<ObservedResponse> production = replayer.replay(set, baseline.getFirst());
        List<ObservedResponse> candidates = replayer.replay(set, candidate.getFirst());
        measures.put(spec.kind(), FlowAdherence.compare(candidates, production).measure(spec));
      }
    }
    for (MeasureSpec spec : specs) {
      if (spec.kind() == MeasureKind.PERFORMANCE) {
        PerformanceRun.Result result =
            performance.run(set, candidate, baseline, ratePerSecond, duration);
        measures.put(
            spec.kind(),
            PerformanceComparison.of(result.candidate(), result.baseline(), spec.tolerance())
                .measure(spec));
      }
    }
    return measures;
  }
}
