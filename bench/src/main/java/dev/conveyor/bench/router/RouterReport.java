package dev.conveyor.bench.router;

import dev.conveyor.bench.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router benchmark's report (bench/router; not a test): reads what {@code bench/router/run}
 * measured (one line per target in {@code results.tsv}, wrk's output, the router's log) and prints
 * one table per run with req/s, p50/p99, the CPU each proxy spent per request, the ratios
 * router/nginx and router/HAProxy, and the goals.
 *
 * <pre>java -cp conveyor-bench.jar dev.conveyor.bench.router.RouterReport results.tsv</pre>
 */
public final class RouterReport {
  /** Goal: router throughput at least this fraction of nginx's. */
  static final double GOAL_THROUGHPUT_RATIO = 1.0;

  private static final Pattern WRK_LINE = Pattern.compile("^CONVEYOR (.*)$", Pattern.MULTILINE);
  private static final Pattern READY =
      Pattern.compile("router ready on \\S+ \\((\\w+), (\\d+) event loops?, .*?GC (.*?), max heap");
  private static final Pattern COUNTED = Pattern.compile("router metrics: (\\d+) requests");
  private static final Pattern COLLECTED =
      Pattern.compile("GC: (\\d+) collections, (\\d+) ms in all, over (\\d+) s");

  private final PrintStream out;

  private RouterReport(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: RouterReport results.tsv");
      System.exit(2);
    }
    List<Result> results = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.isBlank()) {
        results.add(Result.read(fields(line)));
      }
    }
    new RouterReport(System.out).print(results);
  }

  /** One measured target. */
  record Result(
      String layout,
      int round,
      String target,
      String kind,
      String options,
      Wrk wrk,
      Wrk warmup,
      long proxyTicks,
      long backendTicks,
      long wrkTicks,
      long busyTicks,
      long stealTicks,
      long totalTicks,
      String gc,
      Long routerCounted,
      String collections) {

    static Result read(Map<String, String> f) throws IOException {
      String gc = "";
      Long counted = null;
      String collections = "";
      String log = f.getOrDefault("log", "");
      if (!log.isEmpty() && Files.exists(Path.of(log))) {
        String text = Files.readString(Path.of(log));
        Matcher ready = READY.matcher(text);
        if (ready.find()) {
          gc = shortGc(ready.group(3));
        }
        Matcher count = COUNTED.matcher(text);
        if (count.find()) {
          counted = Long.parseLong(count.group(1));
        }
        Matcher collected = COLLECTED.matcher(text);
        if (collected.find()) {
          collections =
              String.format(
                  Locale.ROOT,
                  "%s collections, %s ms of pauses in %s s",
                  Table.count(Long.parseLong(collected.group(1))),
                  Table.count(Long.parseLong(collected.group(2))),
                  collected.group(3));
        }
      }
      return new Result(
          f.get("layout"),
          Integer.parseInt(f.get("round")),
          f.get("target"),
          f.get("kind"),
          f.getOrDefault("opts", ""),
          Wrk.read(Path.of(f.get("wrk"))),
          Wrk.read(Path.of(f.get("warmup"))),
          Long.parseLong(f.get("proxy_ticks")),
          Long.parseLong(f.get("backend_ticks")),
          Long.parseLong(f.get("wrk_ticks")),
          Long.parseLong(f.get("busy_ticks")),
          Long.parseLong(f.get("steal_ticks")),
          Long.parseLong(f.get("total_ticks")),
          gc,
          counted,
          collections);
    }

    /** The proxy's CPU time per request, in microseconds (ticks are 10 ms). */
    double proxyMicrosPerRequest() {
      return wrk.requests == 0 ? Double.NaN : proxyTicks * 10_000.0 / wrk.requests;
    }

    /** The share of the machine's CPU time that went to other processes, or was stolen. */
    double othersShare() {
      long ours = proxyTicks + backendTicks + wrkTicks;
      return totalTicks == 0 ? Double.NaN : (busyTicks + stealTicks - ours) / (double) totalTicks;
    }

    String label() {
      return switch (kind) {
        case "direct" -> "backend direct";
        case "nginx" -> "nginx";
        case "haproxy" -> "HAProxy";
        default -> "router";
      };
    }
  }

  /** What wrk reported for one run, from the report script's {@code CONVEYOR} line. */
  record Wrk(
      long requests,
      long durationMicros,
      long errors,
      long p50Micros,
      long p90Micros,
      long p99Micros,
      long p999Micros,
      long maxMicros) {

    static Wrk read(Path file) throws IOException {
      String text = Files.readString(file);
      Matcher m = WRK_LINE.matcher(text);
      if (!m.find()) {
        throw new IllegalStateException("no result line from wrk in " + file + ":\n" + text);
      }
      Map<String, String> v = new HashMap<>();
      for (String pair : m.group(1).trim().split(" ")) {
        int eq = pair.indexOf('=');
        v.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      long errors = 0;
      for (String key : List.of("connect", "read", "write", "status", "timeout")) {
        errors += Long.parseLong(v.get(key));
      }
      return new Wrk(
          Long.parseLong(v.get("requests")),
          Long.parseLong(v.get("duration_us")),
          errors,
          Long.parseLong(v.get("p50_us")),
          Long.parseLong(v.get("p90_us")),
          Long.parseLong(v.get("p99_us")),
          Long.parseLong(v.get("p999_us")),
          Long.parseLong(v.get("max_us")));
    }

    double perSecond() {
      return requests / (durationMicros / 1e6);
    }
  }

  /** One target of one layout, measured in one or more rounds. */
  record Target(String layout, String kind, String options, String gc, List<Result> rounds) {
    double perSecond() {
      return median(rounds.stream().mapToDouble(r -> r.wrk().perSecond()).toArray());
    }

    double p50Micros() {
      return median(rounds.stream().mapToDouble(r -> r.wrk().p50Micros()).toArray());
    }

    double p99Micros() {
      return median(rounds.stream().mapToDouble(r -> r.wrk().p99Micros()).toArray());
    }

    double proxyMicrosPerRequest() {
      return median(rounds.stream().mapToDouble(Result::proxyMicrosPerRequest).toArray());
    }

    double othersShare() {
      return median(rounds.stream().mapToDouble(Result::othersShare).toArray());
    }

    long errors() {
      return rounds.stream().mapToLong(r -> r.wrk().errors()).sum();
    }

    /** Requests wrk completed against the target: its warm-up and every round. */
    long completed() {
      return rounds.get(0).warmup().requests()
          + rounds.stream().mapToLong(r -> r.wrk().requests()).sum();
    }

    Long routerCounted() {
      return rounds.get(rounds.size() - 1).routerCounted();
    }

    String collections() {
      return rounds.get(rounds.size() - 1).collections();
    }

    boolean isRouter() {
      return kind.equals("router");
    }

    String label() {
      return rounds.get(0).label();
    }

    String optionsLabel() {
      return options.isBlank() ? "(none)" : options;
    }

    String describe() {
      return (options.isBlank() ? "no JVM options" : options)
          + (gc.isEmpty() ? "" : " (" + gc + ")");
    }

    /** req/s of each round, in the order the rounds ran. */
    String perRound() {
      StringBuilder text = new StringBuilder();
      for (Result r : rounds) {
        text.append(text.isEmpty() ? "" : " / ").append(Table.count(r.wrk().perSecond()));
      }
      return text.toString();
    }
  }

  private void print(List<Result> results) {
    Map<String, Map<String, List<Result>>> byLayout = new LinkedHashMap<>();
    for (Result r : results) {
      byLayout
          .computeIfAbsent(r.layout(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.target(), k -> new ArrayList<>())
          .add(r);
    }
    int rounds = 0;
    Map<String, List<Target>> targets = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, List<Result>>> layout : byLayout.entrySet()) {
      List<Target> list = new ArrayList<>();
      List<String> order = new ArrayList<>(layout.getValue().keySet());
      order.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
      for (String index : order) {
        List<Result> measured = layout.getValue().get(index);
        measured.sort((a, b) -> Integer.compare(a.round(), b.round()));
        Result first = measured.get(0);
        String gc = measured.get(measured.size() - 1).gc();
        list.add(new Target(first.layout(), first.kind(), first.options(), gc, measured));
        rounds = Math.max(rounds, measured.size());
      }
      targets.put(layout.getKey(), list);
    }
    Table table =
        new Table(
            "layout",
            "target",
            "router JVM options",
            "GC",
            "req/s",
            "p50",
            "p99",
            "proxy CPU/req",
            "÷ nginx",
            "÷ HAProxy",
            "p99 ÷ nginx's",
            "others' CPU",
            "req/s in each round");
    List<String> goals = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, List<Target>> entry : targets.entrySet()) {
      String layout = entry.getKey();
      Target nginx = find(entry.getValue(), "nginx");
      Target haproxy = find(entry.getValue(), "haproxy");
      Target headline = find(entry.getValue(), "router");
      Target best = null;
      for (Target t : entry.getValue()) {
        boolean proxy = !t.kind().equals("direct");
        table.row(
            layout,
            t.label(),
            t.isRouter() ? t.optionsLabel() : "",
            t.gc(),
            Table.count(t.perSecond()),
            Table.ms(t.p50Micros() / 1e3),
            Table.ms(t.p99Micros() / 1e3),
            proxy ? micros(t.proxyMicrosPerRequest()) : "",
            proxy && nginx != null ? Table.ratio(t.perSecond() / nginx.perSecond()) : "",
            proxy && haproxy != null ? Table.ratio(t.perSecond() / haproxy.perSecond()) : "",
            proxy && nginx != null ? Table.ratio(t.p99Micros() / nginx.p99Micros()) : "",
            percent(t.othersShare()),
            rounds > 1 ? t.perRound() : "");
        if (t.isRouter() && (best == null || t.perSecond() > best.perSecond())) {
          best = t;
        }
        if (t.errors() > 0) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "%s, %s%s: wrk counted %s errors (non-2xx, timeouts, resets)",
                  layout,
                  t.label(),
                  t.isRouter() ? " " + t.optionsLabel() : "",
                  Table.count(t.errors())));
        }
        if (t.isRouter() && t.routerCounted() != null) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "%s, router %s: its own metrics counted %s requests, wrk completed %s (wrk"
                      + " leaves out those in flight when it stops; the readiness check adds"
                      + " one); GC: %s",
                  layout,
                  t.optionsLabel(),
                  Table.count(t.routerCounted()),
                  Table.count(t.completed()),
                  t.collections().isEmpty() ? "–" : t.collections()));
        }
      }
      if (headline != null && nginx != null) {
        double ratio = headline.perSecond() / nginx.perSecond();
        goals.add(
            String.format(
                Locale.ROOT,
                "GOAL [%s] router throughput ≥ %.1f× nginx: %s — router %s req/s with %s,"
                    + " nginx %s req/s: %s (HAProxy %s req/s: %s)",
                layout,
                GOAL_THROUGHPUT_RATIO,
                ratio >= GOAL_THROUGHPUT_RATIO ? "MET" : "NOT MET",
                Table.count(headline.perSecond()),
                headline.describe(),
                Table.count(nginx.perSecond()),
                Table.ratio(ratio),
                haproxy == null ? "–" : Table.count(haproxy.perSecond()),
                haproxy == null ? "–" : Table.ratio(headline.perSecond() / haproxy.perSecond())));
        goals.add(
            String.format(
                Locale.ROOT,
                "GOAL [%s] router p99 no worse than nginx's: %s — router %s, nginx %s (%s)",
                layout,
                headline.p99Micros() <= nginx.p99Micros() ? "MET" : "NOT MET",
                Table.ms(headline.p99Micros() / 1e3),
                Table.ms(nginx.p99Micros() / 1e3),
                Table.ratio(headline.p99Micros() / nginx.p99Micros())));
        if (best != null && best != headline) {
          goals.add(
              String.format(
                  Locale.ROOT,
                  "  [%s] the best router configuration by req/s: %s — %s req/s (%s nginx),"
                      + " p99 %s (nginx %s)",
                  layout,
                  best.describe(),
                  Table.count(best.perSecond()),
                  Table.ratio(best.perSecond() / nginx.perSecond()),
                  Table.ms(best.p99Micros() / 1e3),
                  Table.ms(nginx.p99Micros() / 1e3)));
        }
      }
    }
    table.print(out);
    out.println();
    if (rounds > 1) {
      out.println(
          "Figures are the median of "
              + rounds
              + " rounds (each column on its own); ratios are of medians.");
    }
    out.println(
        "proxy CPU/req: the proxy's user + system CPU time during the measurement ÷ requests (all"
            + " its threads and worker processes).");
    out.println(
        "others' CPU: the share of the machine's CPU time (all CPUs) used outside the benchmark's"
            + " processes, or stolen by the hypervisor, during the measurement.");
    for (String note : notes) {
      out.println("note: " + note);
    }
    out.println();
    for (String goal : goals) {
      out.println(goal);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Target find(List<Target> targets, String kind) {
    for (Target t : targets) {
      if (t.kind().equals(kind)) {
        return t;
      }
    }
    return null;
  }

  private static String micros(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f µs", value) : "–";
  }

  private static String percent(double share) {
    return Double.isFinite(share) ? String.format(Locale.ROOT, "%.0f %%", share * 100) : "–";
  }

  /** The collector's usual name from its MXBeans' names ("G1 Young Generation + ..."). */
  static String shortGc(String beans) {
    String b = beans.toLowerCase(Locale.ROOT);
    if (b.contains("g1")) {
      return "G1";
    }
    if (b.contains("zgc")) {
      return "ZGC";
    }
    if (b.contains("ps ") || b.contains("parallel") || b.contains("ps scavenge")) {
      return "Parallel";
    }
    if (b.contains("copy") || b.contains("marksweepcompact")) {
      return "Serial";
    }
    if (b.contains("shenandoah")) {
      return "Shenandoah";
    }
    return beans;
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> f = new HashMap<>();
    for (String field : line.split("\t")) {
      int eq = field.indexOf('=');
      if (eq > 0) {
        f.put(field.substring(0, eq), field.substring(eq + 1));
      }
    }
    return f;
  }
}
