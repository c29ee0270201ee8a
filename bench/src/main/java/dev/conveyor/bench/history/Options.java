package dev.conveyor.bench.history;

import static dev.conveyor.bench.Args.positiveDouble;
import static dev.conveyor.bench.Args.positiveLong;
import static dev.conveyor.bench.Args.value;
import static dev.conveyor.bench.Args.wholeNumber;

import dev.conveyor.bench.Args.UsageException;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's command line: {@code --seconds N} per throughput measurement, {@code --events N}
 * in the state-at-T history, {@code --quick} for a smoke run, {@code --dir PATH} for the data.
 */
record Options(double seconds, long events, boolean quick, Path dir, long seed) {
  static final double DEFAULT_SECONDS = 10;
  static final long DEFAULT_EVENTS = 1_000_000;
  static final double QUICK_SECONDS = 2;
  static final long QUICK_EVENTS = 50_000;

  static final String USAGE =
      """
      usage: bench/history/run [--seconds N] [--events N] [--quick] [--dir PATH] [--seed N]
        --seconds N  seconds per throughput measurement (default 10; 2 with --quick)
        --events N   events in the history for state-at-T (default 1000000; 50000 with --quick)
        --quick      a smoke run with small sizes
        --dir PATH   where to put the benchmark's files (default: a new temporary directory)
        --seed N     seed of the synthetic history and the random instants (default 42)""";

  static Options parse(List<String> args) {
    Double seconds = null;
    Long events = null;
    boolean quick = false;
    Path dir = null;
    long seed = 42;
    for (int i = 0; i < args.size(); i++) {
      String key = args.get(i);
      switch (key) {
        case "--quick" -> quick = true;
        case "--seconds" -> seconds = positiveDouble(key, value(args, ++i, key));
        case "--events" -> events = positiveLong(key, value(args, ++i, key));
        case "--dir" -> dir = Path.of(value(args, ++i, key));
        case "--seed" -> seed = wholeNumber(key, value(args, ++i, key));
        default -> throw new UsageException("unknown option '" + key + "'");
      }
    }
    return new Options(
        seconds != null ? seconds : quick ? QUICK_SECONDS : DEFAULT_SECONDS,
        events != null ? events : quick ? QUICK_EVENTS : DEFAULT_EVENTS,
        quick,
        dir,
        seed);
  }

  /** Warm-up before each throughput measurement: a fifth of it, between 0.5 and 2 seconds. */
  double warmupSeconds() {
    return Math.max(0.5, Math.min(2, seconds / 5));
  }
}
