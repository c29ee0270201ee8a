package dev.conveyor.bench.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs one scenario many times, each run a fresh seeded stream judged by every judge in lock step,
 * until every judge has decided. Runs are independent, so they run in parallel; the result does not
 * depend on the thread count, since each run's generator comes from the seed and its index.
 */
final class Simulation {
  /** A judge no run may outlast: every judge here decides by its own maximum much earlier. */
  static final long HORIZON_SECONDS = 6 * 3600;

  private Simulation() {}

  /** Per judge (in the order given), its results over the runs. */
  static List<List<RunResult>> run(
      Scenario scenario, int runs, long seed, List<Supplier<Judge>> judges) {
    return run(
        runs,
        run ->
            new RequestStream(
                new SplittableRandom(seed(seed, scenario.rate(), run)),
                scenario.rate(),
                scenario.share(),
                scenario.baselineErrorRate(),
                scenario.candidateErrorRate()),
        judges);
  }

  /**
   * Per judge (in the order given), its results over {@code runs} runs, run {@code i} judging the
   * seconds of {@code streams.apply(i)}, which must depend on {@code i} alone.
   */
  static List<List<RunResult>> run(
      int runs, IntFunction<Seconds> streams, List<Supplier<Judge>> judges) {
    List<RunResult[]> perRun =
        IntStream.range(0, runs)
            .parallel()
            .mapToObj(run -> one(streams.apply(run), judges))
            .toList();
    List<List<RunResult>> perJudge = new ArrayList<>();
    for (int j = 0; j < judges.size(); j++) {
      List<RunResult> results = new ArrayList<>(runs);
      for (RunResult[] run : perRun) {
        results.add(run[j]);
      }
      perJudge.add(results);
    }
    return perJudge;
  }

  private static RunResult[] one(Seconds stream, List<Supplier<Judge>> factories) {
    Judge[] judges = factories.stream().map(Supplier::get).toArray(Judge[]::new);
    RunResult[] results = new RunResult[judges.length];
    int open = judges.length;
    long canary = 0;
    for (long t = 1; open > 0; t++) {
      if (t > HORIZON_SECONDS) {
        throw new IllegalStateException("a judge did not decide within " + HORIZON_SECONDS + " s");
      }
      Second second = stream.next();
      canary += second.candidateRequests();
      for (int j = 0; j < judges.length; j++) {
        if (results[j] == null) {
          Decision decision = judges[j].observe(second);
          if (decision.decided()) {
            results[j] = new RunResult(decision, t, canary);
            open--;
          }
        }
      }
    }
    return results;
  }

  /**
   * The run's seed: the same for every error rate at one traffic rate, so that the scenarios of a
   * rate share their request arrivals (common random numbers) and differ only in their errors'
   * odds.
   */
  static long seed(long seed, double rate, int run) {
    return mix(mix(seed) ^ mix(Double.doubleToLongBits(rate)) ^ run);
  }

  /** Stafford's variant 13 of the MurmurHash3 finalizer, as SplittableRandom uses it. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
