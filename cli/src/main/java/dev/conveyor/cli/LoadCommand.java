package dev.conveyor.cli;

import dev.conveyor.server.load.LoadGenerator;
import dev.conveyor.server.load.LoadPlan;
import dev.conveyor.server.load.LoadProgress;
import dev.conveyor.server.load.LoadReport;
import dev.conveyor.server.load.Mix;
import java.io.Console;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conveyor load}: sends HTTP load open loop at a constant rate and reports status counts,
 * transport failures and latency percentiles measured from each request's intended send time.
 */
@Command(
    name = "load",
    description = {
      "Send HTTP load at a constant rate (open loop) and report throughput, status counts,"
          + " transport failures and latency percentiles.",
      "Latency counts from each request's intended send time, so a stalled server shows in every"
          + " request due during the stall (no coordinated omission)."
    },
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "MIX is comma-separated entries, each [WEIGHT] METHOD /PATH [BODY]: the weight is a whole"
          + " number (default 1), the body the rest of the entry (JSON when it starts with { or [)."
          + " Commas inside {}, [] or \"\" belong to the body. --mix may be repeated.",
      "  conveyor load --target http://127.0.0.1:8080 --rate 500 --duration 30s \\",
      "    --mix '8 GET /products, 2 POST /checkout {\"product\":1,\"quantity\":1}'",
      "",
      "Progress goes to stderr every second on a terminal (every 5 s otherwise); the report to"
          + " stdout. Exit code 0 whenever the run happened, whatever the server answered."
    })
public final class LoadCommand implements Callable<Integer> {
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:/s)?");

  @Mixin ClientOptions options;

  @Spec CommandSpec spec;

  @Option(
      names = "--target",
      paramLabel = "URL",
      required = true,
      description = "Base URL to send to, e.g. http://127.0.0.1:8080; paths are appended.")
  String target;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "100",
      description = "Requests per second, e.g. 500 or 500/s (default: ${DEFAULT-VALUE}).")
  String rate;

  @Option(
      names = "--duration",
      paramLabel = "D",
      defaultValue = "10s",
      description = "How long to send, e.g. 30s, 2m, 1m30s (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--mix",
      paramLabel = "MIX",
      description = "What to send (default: 'GET /'); see below.")
  List<String> mix;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      defaultValue = "10s",
      description =
          "A request without a response after this is a failure (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--warmup",
      paramLabel = "D",
      defaultValue = "0s",
      description =
          "Send the same load for D first, unmeasured (default: ${DEFAULT-VALUE}). A cold JVM adds"
              + " tens of ms to the first second's tail: use e.g. 3s for figures worth comparing.")
  String warmup;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "" + LoadPlan.DEFAULT_MAX_IN_FLIGHT,
      description =
          "At most N requests (and connections) awaiting a response; requests due while full wait"
              + " and count as late (default: ${DEFAULT-VALUE}).")
  String maxInFlight;

  @Override
  public Integer call() {
    LoadPlan plan = plan();
    PrintWriter err = spec.commandLine().getErr();
    LoadGenerator generator = new LoadGenerator(plan);
    CountDownLatch reported = new CountDownLatch(1);
    // Ctrl-C ends the sending early; the report of what was sent still prints before exit.
    Thread onInterrupt =
        new Thread(
            () -> {
              generator.stop();
              try {
                reported.await(plan.timeout().toSeconds() + 5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "load-interrupted");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      boolean terminal = stderrIsTerminal();
      if (plan.warmup().isPositive()) {
        err.println("load: warming up for " + Formats.duration(plan.warmup().toString()) + "...");
        err.flush();
      }
      LoadReport report = generator.run(progress(plan, err, terminal));
      if (terminal) {
        err.println();
        err.flush();
      }
      PrintWriter out = options.out();
      if (options.json()) {
        out.println(LoadOutput.json(report));
      } else {
        LoadOutput.print(report, out);
      }
      out.flush();
      return ExitCode.OK;
    } finally {
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it was Ctrl-C, and the report is out.
      }
    }
  }

  /** The plan from the options; a bad value is a one-line usage error naming the option. */
  LoadPlan plan() {
    URI url;
    try {
      url = new URI(target.strip());
    } catch (java.net.URISyntaxException e) {
      throw new CliException(
          ExitCode.USAGE,
          "--target '"
              + target
              + "' is not a URL ("
              + e.getReason()
              + "): give one such as"
              + " http://127.0.0.1:8080");
    }
    Mix requests = mix == null ? Mix.DEFAULT : Mix.parse(String.join(",", mix));
    return new LoadPlan(
        url,
        rate(),
        DurationArgument.parse("--duration", duration),
        requests,
        maxInFlight(),
        DurationArgument.parse("--timeout", timeout),
        DurationArgument.parse("--warmup", warmup));
  }

  private double rate() {
    String text = rate.strip();
    if (!RATE.matcher(text).matches()) {
      throw new CliException(
          ExitCode.USAGE,
          "--rate '" + rate + "' is not a rate: give requests per second, such as 500 or 500/s");
    }
    return Double.parseDouble(text.endsWith("/s") ? text.substring(0, text.length() - 2) : text);
  }

  private int maxInFlight() {
    try {
      return Integer.parseInt(maxInFlight.strip());
    } catch (NumberFormatException e) {
      throw new CliException(
          ExitCode.USAGE,
          "--max-in-flight '"
              + maxInFlight
              + "' is not a whole number: give the most requests to await at once, such as 256");
    }
  }

  /**
   * Shows progress on stderr: on a terminal, one line rewritten in place every second; otherwise (a
   * log, a pipe) a new line every fifth second, so logs stay short.
   */
  private static Consumer<LoadProgress> progress(LoadPlan plan, PrintWriter err, boolean terminal) {
    int[] ticks = {0};
    return progress -> {
      String line = LoadOutput.progressLine(progress, plan);
      if (terminal) {
        err.print("\r" + line + "\u001b[K"); // erase what a longer previous line left
        err.flush();
      } else if (++ticks[0] % 5 == 0) {
        err.println(line);
        err.flush();
      }
    };
  }

  /**
   * Whether stderr reaches a person. A console exists only for a terminal up to JDK 21; from JDK 22
   * one always exists, and {@code Console.isTerminal()} (called reflectively: the build targets 21)
   * tells.
   */
  static boolean stderrIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
