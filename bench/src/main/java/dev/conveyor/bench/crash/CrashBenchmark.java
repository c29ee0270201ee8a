package dev.conveyor.bench.crash;

import dev.conveyor.bench.Table;
import dev.conveyor.reliability.CrashHarness;
import dev.conveyor.reliability.InstanceProcesses;
import dev.conveyor.reliability.ServerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The crash suite's long form: the same harness as the test (the packaged server SIGKILLed in the
 * middle of deployments of the example shop under load), for many kills, with the figures. The
 * anchor is the server's cold start on an empty data directory: a restart after a crash does that
 * and reconciles the history with the running processes.
 *
 * <p>Arguments: {@code --jar FILE --artifacts DIR --dir DIR [--kills N] [--seed N] [--max-delay S]
 * [--rate R]}.
 */
public final class CrashBenchmark {
  private CrashBenchmark() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option VALUE, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    Path jar = Path.of(required(options, "jar"));
    Path artifacts = Path.of(required(options, "artifacts"));
    Path dir = Path.of(required(options, "dir"));
    int kills = Integer.parseInt(options.getOrDefault("kills", "100"));
    long seed = Long.parseLong(options.getOrDefault("seed", "42"));
    Duration maxDelay = Duration.ofSeconds(Long.parseLong(options.getOrDefault("max-delay", "25")));
    double rate = Double.parseDouble(options.getOrDefault("rate", "100"));
    PrintStream out = System.out;

    out.printf(
        "crash benchmark: %d kills, seed %d, kill after 0.2 s to %d s, %.0f requests/s%n%n",
        kills, seed, maxDelay.toSeconds(), rate);
    List<Duration> coldStarts = coldStarts(jar, dir.resolve("cold"), 5);

    CrashHarness.Result result =
        new CrashHarness(
                new CrashHarness.Settings(
                    jar, artifacts, dir.resolve("run"), seed, kills, maxDelay, rate))
            .run();
    out.println(result.describe());

    List<Duration> restarts = result.kills().stream().map(CrashHarness.Kill::restart).toList();
    List<Duration> settles =
        result.kills().stream()
            .filter(k -> k.statusAtKill().startsWith("running"))
            .map(CrashHarness.Kill::settle)
            .toList();
    Map<String, Integer> outcomes = new TreeMap<>();
    for (CrashHarness.Kill k : result.kills()) {
      String outcome = k.outcome().replaceAll(" \\(.*\\)", "");
      outcomes.merge(
          k.statusAtKill().startsWith("running")
              ? "mid-plan: " + outcome
              : "after the end: " + outcome,
          1,
          Integer::sum);
    }
    Table table = new Table("measure", "Conveyor", "anchor", "ratio");
    table.row(
        "server start, median (s)",
        seconds(median(restarts)) + " (restart after SIGKILL)",
        seconds(median(coldStarts)) + " (cold start, empty data)",
        String.format("%.2f", ratio(median(restarts), median(coldStarts))));
    table.row(
        "server start, max (s)",
        seconds(max(restarts)),
        seconds(max(coldStarts)),
        String.format("%.2f", ratio(max(restarts), max(coldStarts))));
    table.row("settle after restart, median (s)", seconds(median(settles)), "-", "-");
    table.row("settle after restart, max (s)", seconds(max(settles)), "-", "-");
    table.print(out);
    out.println();
    outcomes.forEach((k, v) -> out.printf("  %-40s %d%n", k, v));
    out.printf(
        "%nload through the router: %d requests, %d answered, %d transport failures (the router"
            + " lives in the server: it is down while the server is)%n",
        result.load().planned(), result.load().responses(), result.load().failures());
    out.printf("violations: %d%n%n", result.violations().size());
    out.printf(
        "GOAL >= 100 kills, every one followed by a clean check: %s (%d kills, %d mid-plan, %d"
            + " violations)%n",
        kills >= 100 && result.clean() ? "MET" : "NOT MET",
        result.kills().size(),
        result.midPlan(),
        result.violations().size());
    System.exit(result.clean() ? 0 : 1);
  }

  private static List<Duration> coldStarts(Path jar, Path dir, int runs) throws IOException {
    List<Duration> starts = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Path data = dir.resolve("data-" + i);
      Files.createDirectories(data.getParent());
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      long start = System.nanoTime();
      ServerProcess server = ServerProcess.start(jar, data, port, 0, Duration.ofMinutes(1));
      starts.add(Duration.ofNanos(System.nanoTime() - start));
      server.stop(Duration.ofSeconds(30));
      InstanceProcesses.killAll(data);
    }
    return starts;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static Duration median(List<Duration> values) {
    if (values.isEmpty()) {
      return Duration.ZERO;
    }
    List<Duration> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static Duration max(List<Duration> values) {
    return values.stream().max(Duration::compareTo).orElse(Duration.ZERO);
  }

  private static double ratio(Duration a, Duration b) {
    return b.isZero() ? Double.NaN : (double) a.toNanos() / b.toNanos();
  }

  private static String seconds(Duration d) {
    return String.format("%.2f", d.toMillis() / 1000.0);
  }
}
