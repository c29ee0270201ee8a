package dev.conveyor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark ran on, as its output names it, and how busy it was. */
public final class Machine {
  private Machine() {}

  /** {@code 2 cores, Linux 6.8.0 amd64, Java 21.0.5+11}. */
  public static String describe() {
    return String.format(
        "%d cores, %s %s %s, Java %s",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        Runtime.version());
  }

  /**
   * The 1, 5 and 15 minute load averages (Linux), to tell whether other work shared the machine.
   */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The last line of a benchmark started at {@code startedNanos}: its time and the load. */
  public static String finished(long startedNanos) {
    return String.format(
        Locale.ROOT,
        "total time: %.0f s; load average at the end: %s",
        (System.nanoTime() - startedNanos) / 1e9,
        loadAverage());
  }
}
