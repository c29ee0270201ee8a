package dev.conveyor.bench.router;

import dev.conveyor.bench.Table;
import dev.conveyor.server.router.RouterSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router benchmark's report (bench/router; not a test): reads what {@code bench/router/run}
 * measured (one line per target, connection count and round in {@code results.tsv}, wrk's output,
 * the router's log) and prints two tables: the proxies beside the backend direct at every
 * connection count, and the router's JVM configurations (collectors) beside nginx; then the goals.
 *
 * <pre>java -cp conveyor-bench.jar dev.conveyor.bench.router.RouterReport results.tsv</pre>
 */
public final class RouterReport {
  /** The connection count the goals are judged at. */
  static final int GOAL_CONNECTIONS = 64;

  /** Goal (issue #3): router throughput at least nginx's. */
  static final double GOAL_THROUGHPUT_RATIO = 1.0;

  /** Goal (issue #3): router p99 no worse than nginx's. */
  static final double GOAL_P99_RATIO = 1.0;

  /** The targets every connection count measures; later indexes are more router configurations. */
  private static final int MAIN_TARGETS = 4;

  private static final Pattern WRK_LINE = Pattern.compile("^CONVEYOR (.*)$", Pattern.MULTILINE);
  private static final Pattern READY =
      Pattern.compile("router ready on \\S+ \\((\\w+), (\\d+) event loops?, .*?GC (.*?), max heap");
  private static final Pattern COUNTED = Pattern.compile("router metrics: (\\d+) requests");
  private static final Pattern COLLECTED =
      Pattern.compile("GC: (\\d+) collections, (\\d+) ms in all, over (\\d+) s");

  /**
   * The columns both tables show: the figures of a run, and its CPU and throughput beside nginx.
   */
  private static final List<String> FIGURES =
      List.of("req/s", "p50", "p99", "errors", "RSS", "CPU/req", "CPU/req ÷ nginx's", "÷ nginx");

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

  /** One measurement: one target, at one connection count, in one round. */
  record Result(
      String layout,
      int round,
      int connections,
      int target,
      String kind,
      String options,
      Wrk wrk,
      Path warmup,
      Path prerun,
      long proxyTicks,
      long backendTicks,
      long wrkTicks,
      long busyTicks,
      long stealTicks,
      long totalTicks,
      long rssKib,
      Path log) {

    static Result read(Map<String, String> f) {
      String log = f.getOrDefault("log", "");
      return new Result(
          f.get("layout"),
          Integer.parseInt(f.get("round")),
          Integer.parseInt(f.get("connections")),
          Integer.parseInt(f.get("target")),
          f.get("kind"),
          f.getOrDefault("opts", ""),
          Wrk.read(Path.of(f.get("wrk"))),
          Path.of(f.get("warmup")),
          Path.of(f.get("prerun")),
          Long.parseLong(f.get("proxy_ticks")),
          Long.parseLong(f.get("backend_ticks")),
          Long.parseLong(f.get("wrk_ticks")),
          Long.parseLong(f.get("busy_ticks")),
          Long.parseLong(f.get("steal_ticks")),
          Long.parseLong(f.get("total_ticks")),
          Long.parseLong(f.getOrDefault("rss_kib", "0")),
          log.isEmpty() ? null : Path.of(log));
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

    static Wrk read(Path file) {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read wrk's output " + file, e);
      }
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

  /** What a router process said about itself in its log. */
  record RouterLog(String gc, Long counted, String collections, long lifetimeSeconds) {
    static final RouterLog NONE = new RouterLog("", null, "", 0);

    static RouterLog read(Path log) throws IOException {
      if (log == null || !Files.exists(log)) {
        return NONE;
      }
      String text = Files.readString(log);
      String gc = "";
      Long counted = null;
      String collections = "";
      long lifetime = 0;
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
                "%s / %s ms",
                Table.count(Long.parseLong(collected.group(1))),
                Table.count(Long.parseLong(collected.group(2))));
        lifetime = Long.parseLong(collected.group(3));
      }
      return new RouterLog(gc, counted, collections, lifetime);
    }
  }

  /** One target of one layout at one connection count, measured in one or more rounds. */
  record Cell(List<Result> rounds, RouterLog router) {
    Result first() {
      return rounds.get(0);
    }

    String kind() {
      return first().kind();
    }

    boolean isRouter() {
      return kind().equals("router");
    }

    boolean isProxy() {
      return !kind().equals("direct");
    }

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

    /** Requests wrk completed in the measurements and the discarded runs before them. */
    long requests() {
      return rounds.stream()
          .mapToLong(r -> r.wrk().requests() + Wrk.read(r.prerun()).requests())
          .sum();
    }

    /** The largest RSS seen at the end of a round, in bytes. */
    long rssBytes() {
      return rounds.stream().mapToLong(Result::rssKib).max().orElse(0) << 10;
    }

    String label() {
      return switch (kind()) {
        case "direct" -> "backend direct";
        case "nginx" -> "nginx";
        case "haproxy" -> "HAProxy";
        default -> "router";
      };
    }

    String options() {
      return first().options().isBlank() ? "(none)" : first().options();
    }

    String describe() {
      return (first().options().isBlank() ? "no JVM options" : first().options())
          + (router.gc().isEmpty() ? "" : ", " + router.gc());
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

  /** The cells of one layout at one connection count, by target index. */
  private record Row(String layout, int connections, TreeMap<Integer, Cell> cells) {
    Cell find(String kind) {
      for (Cell c : cells.values()) {
        if (c.kind().equals(kind)) {
          return c;
        }
      }
      return null;
    }

    Cell headline() {
      return find("router"); // the lowest index: ROUTER_JAVA_OPTS
    }
  }

  private void print(List<Result> results) throws IOException {
    Map<Path, RouterLog> logs = new HashMap<>();
    for (Result r : results) {
      if (r.log() != null && !logs.containsKey(r.log())) {
        logs.put(r.log(), RouterLog.read(r.log()));
      }
    }
    // layout -> connections -> target -> rounds
    Map<String, TreeMap<Integer, TreeMap<Integer, List<Result>>>> grouped = new LinkedHashMap<>();
    int rounds = 0;
    for (Result r : results) {
      List<Result> list =
          grouped
              .computeIfAbsent(r.layout(), k -> new TreeMap<>())
              .computeIfAbsent(r.connections(), k -> new TreeMap<>())
              .computeIfAbsent(r.target(), k -> new ArrayList<>());
      list.add(r);
      rounds = Math.max(rounds, list.size());
    }
    List<Row> rows = new ArrayList<>();
    // Requests each router process was sent (warm-up, every count and round), by log.
    Map<Path, Long> sent = new LinkedHashMap<>();
    Map<Path, String> sentBy = new LinkedHashMap<>();
    for (var layout : grouped.entrySet()) {
      for (var count : layout.getValue().entrySet()) {
        TreeMap<Integer, Cell> cells = new TreeMap<>();
        for (var target : count.getValue().entrySet()) {
          List<Result> measured = target.getValue();
          measured.sort(Comparator.comparingInt(Result::round));
          Path log = measured.get(0).log();
          Cell cell = new Cell(measured, log == null ? RouterLog.NONE : logs.get(log));
          cells.put(target.getKey(), cell);
          if (log != null) {
            sent.merge(log, cell.requests(), Long::sum);
            sentBy.put(log, layout.getKey() + ", router " + cell.options());
          }
        }
        rows.add(new Row(layout.getKey(), count.getKey(), cells));
      }
    }
    for (Path log : sent.keySet()) {
      Result any = results.stream().filter(r -> log.equals(r.log())).findFirst().orElseThrow();
      sent.merge(log, Wrk.read(any.warmup()).requests(), Long::sum);
    }

    printMain(rows, rounds);
    out.println();
    boolean matrix = rows.stream().anyMatch(r -> r.cells().lastKey() >= MAIN_TARGETS);
    if (matrix) {
      printMatrix(rows, rounds);
      out.println();
    }
    if (rounds > 1) {
      out.println(
          "Figures are the median of "
              + rounds
              + " rounds (each column on its own); ratios are of medians; RSS is the largest seen"
              + " at the end of a round.");
    }
    out.println(
        "CPU/req: the proxy's user + system CPU time during the measurement ÷ requests (all its"
            + " threads and worker processes). p50 added: the proxy's p50 − the backend's direct"
            + " p50 at the same connections (at 1 connection: the latency of the hop itself).");
    out.println(
        "others' CPU: the share of the machine's CPU time (all CPUs) used outside the benchmark's"
            + " processes, or stolen by the hypervisor, during the measurement.");
    for (Row row : rows) {
      for (Cell c : row.cells().values()) {
        if (c.errors() > 0) {
          out.printf(
              Locale.ROOT,
              "note: %s, %d connections, %s%s: wrk counted %s errors (non-2xx, timeouts,"
                  + " resets)%n",
              row.layout(),
              row.connections(),
              c.label(),
              c.isRouter() ? " " + c.options() : "",
              Table.count(c.errors()));
        }
      }
    }
    long retention = RouterSettings.defaults().metricRetention().toSeconds();
    for (var entry : sent.entrySet()) {
      RouterLog log = logs.get(entry.getKey());
      if (log.counted() == null) {
        continue;
      }
      String gc = log.collections().isEmpty() ? "–" : log.collections() + " of pauses in all";
      if (log.lifetimeSeconds() + 1 < retention) {
        out.printf(
            Locale.ROOT,
            "note: %s: its own metrics counted %s requests, wrk completed %s (wrk leaves out those"
                + " in flight when it stops; the readiness check adds one); GC: %s%n",
            sentBy.get(entry.getKey()),
            Table.count(log.counted()),
            Table.count(entry.getValue()),
            gc);
      } else {
        out.printf(
            Locale.ROOT,
            "note: %s: ran %d s, longer than the %d s of metrics the router keeps: its own count"
                + " (%s) covers only the end of the run, wrk's (%s) all of it; GC: %s%n",
            sentBy.get(entry.getKey()),
            log.lifetimeSeconds(),
            retention,
            Table.count(log.counted()),
            Table.count(entry.getValue()),
            gc);
      }
    }
    out.println();
    for (String goal : goals(rows)) {
      out.println(goal);
    }
  }

  /** The proxies and the backend direct, at every connection count. */
  private void printMain(List<Row> rows, int rounds) {
    Table table =
        table(
            rounds,
            List.of("layout", "conns", "target"),
            FIGURES,
            List.of("÷ HAProxy", "p99 ÷ nginx's", "p50 added", "others' CPU"));
    for (Row row : rows) {
      Cell direct = row.find("direct");
      Cell nginx = row.find("nginx");
      Cell haproxy = row.find("haproxy");
      for (var entry : row.cells().entrySet()) {
        Cell c = entry.getValue();
        if (entry.getKey() >= MAIN_TARGETS) {
          continue;
        }
        row(
            table,
            rounds,
            c,
            List.of(
                row.layout(),
                String.valueOf(row.connections()),
                c.label() + (c.router().gc().isEmpty() ? "" : " (" + c.router().gc() + ")")),
            figures(c, nginx),
            List.of(
                c.isProxy() ? ratio(c.perSecond(), haproxy, Cell::perSecond) : "",
                c.isProxy() ? ratio(c.p99Micros(), nginx, Cell::p99Micros) : "",
                c.isProxy() && direct != null ? added(c.p50Micros() - direct.p50Micros()) : "",
                percent(c.othersShare())));
      }
    }
    table.print(out);
  }

  /** The router's JVM configurations beside nginx, at the counts that measured them. */
  private void printMatrix(List<Row> rows, int rounds) {
    Table table =
        table(
            rounds,
            List.of("layout", "conns", "router JVM options", "GC"),
            FIGURES,
            List.of("p99 ÷ nginx's", "GC pauses (whole run)"));
    for (Row row : rows) {
      if (row.cells().lastKey() < MAIN_TARGETS) {
        continue;
      }
      Cell nginx = row.find("nginx");
      for (Cell c : row.cells().values()) {
        if (!c.isRouter()) {
          continue;
        }
        row(
            table,
            rounds,
            c,
            List.of(row.layout(), String.valueOf(row.connections()), c.options(), c.router().gc()),
            figures(c, nginx),
            List.of(
                ratio(c.p99Micros(), nginx, Cell::p99Micros),
                c.router().collections().isEmpty() ? "–" : c.router().collections()));
      }
    }
    table.print(out);
  }

  /**
   * {@code c}'s cells under {@link #FIGURES}; the proxy-only ones are blank for the backend direct.
   */
  private static List<String> figures(Cell c, Cell nginx) {
    return List.of(
        Table.count(c.perSecond()),
        Table.ms(c.p50Micros() / 1e3),
        Table.ms(c.p99Micros() / 1e3),
        Table.count(c.errors()),
        c.isProxy() ? Table.mib(c.rssBytes()) : "",
        c.isProxy() ? micros(c.proxyMicrosPerRequest()) : "",
        c.isProxy() ? ratio(c.proxyMicrosPerRequest(), nginx, Cell::proxyMicrosPerRequest) : "",
        c.isProxy() ? ratio(c.perSecond(), nginx, Cell::perSecond) : "");
  }

  /** A table of these columns, then the req/s of each round when there were several. */
  @SafeVarargs
  private static Table table(int rounds, List<String>... columns) {
    List<String> header = new ArrayList<>();
    for (List<String> part : columns) {
      header.addAll(part);
    }
    if (rounds > 1) {
      header.add("req/s in each round");
    }
    return new Table(header.toArray(String[]::new));
  }

  /**
   * A row of {@link #table}: these cells, then {@code c}'s req/s in each round when it has them.
   */
  @SafeVarargs
  private static void row(Table table, int rounds, Cell c, List<String>... cells) {
    List<String> row = new ArrayList<>();
    for (List<String> part : cells) {
      row.addAll(part);
    }
    if (rounds > 1) {
      row.add(c.perRound());
    }
    table.row(row.toArray(String[]::new));
  }

  private static List<String> goals(List<Row> rows) {
    List<String> goals = new ArrayList<>();
    List<String> layouts = rows.stream().map(Row::layout).distinct().toList();
    for (String layout : layouts) {
      Row row =
          rows.stream()
              .filter(r -> r.layout().equals(layout) && r.connections() == GOAL_CONNECTIONS)
              .findFirst()
              .orElse(null);
      String throughputGoal =
          String.format(
              Locale.ROOT,
              "GOAL [%s] router throughput ≥ %.1f× nginx at %d connections: ",
              layout,
              GOAL_THROUGHPUT_RATIO,
              GOAL_CONNECTIONS);
      String latencyGoal =
          String.format(
              Locale.ROOT,
              "GOAL [%s] router p99 ≤ %.0f× nginx's p99 at %d connections: ",
              layout,
              GOAL_P99_RATIO,
              GOAL_CONNECTIONS);
      Cell router = row == null ? null : row.headline();
      Cell nginx = row == null ? null : row.find("nginx");
      Cell haproxy = row == null ? null : row.find("haproxy");
      if (router == null || nginx == null) {
        goals.add(throughputGoal + "NOT MET — not measured (no run at that count)");
        goals.add(latencyGoal + "NOT MET — not measured (no run at that count)");
        continue;
      }
      double ratio = router.perSecond() / nginx.perSecond();
      goals.add(
          throughputGoal
              + String.format(
                  Locale.ROOT,
                  "%s — router %s req/s (%s), nginx %s req/s: %s (HAProxy %s req/s: %s);"
                      + " CPU per request: router %s, nginx %s (%s)",
                  ratio >= GOAL_THROUGHPUT_RATIO ? "MET" : "NOT MET",
                  Table.count(router.perSecond()),
                  router.describe(),
                  Table.count(nginx.perSecond()),
                  Table.ratio(ratio),
                  haproxy == null ? "–" : Table.count(haproxy.perSecond()),
                  haproxy == null ? "–" : Table.ratio(router.perSecond() / haproxy.perSecond()),
                  micros(router.proxyMicrosPerRequest()),
                  micros(nginx.proxyMicrosPerRequest()),
                  Table.ratio(router.proxyMicrosPerRequest() / nginx.proxyMicrosPerRequest())));
      double p99Ratio = router.p99Micros() / nginx.p99Micros();
      goals.add(
          latencyGoal
              + String.format(
                  Locale.ROOT,
                  "%s — router %s, nginx %s: %s (HAProxy %s)",
                  p99Ratio <= GOAL_P99_RATIO ? "MET" : "NOT MET",
                  Table.ms(router.p99Micros() / 1e3),
                  Table.ms(nginx.p99Micros() / 1e3),
                  Table.ratio(p99Ratio),
                  haproxy == null ? "–" : Table.ms(haproxy.p99Micros() / 1e3)));
      Cell best = router;
      Cell bestP99 = router;
      for (Cell c : row.cells().values()) {
        if (c.isRouter() && c.perSecond() > best.perSecond()) {
          best = c;
        }
        if (c.isRouter() && c.p99Micros() < bestP99.p99Micros()) {
          bestP99 = c;
        }
      }
      if (best != router || bestP99 != router) {
        goals.add(
            String.format(
                Locale.ROOT,
                "  [%s] at %d connections the best router configuration by req/s: %s — %s req/s"
                    + " (%s nginx), p99 %s; by p99: %s — %s (%s nginx's), %s req/s",
                layout,
                GOAL_CONNECTIONS,
                best.describe(),
                Table.count(best.perSecond()),
                Table.ratio(best.perSecond() / nginx.perSecond()),
                Table.ms(best.p99Micros() / 1e3),
                bestP99.describe(),
                Table.ms(bestP99.p99Micros() / 1e3),
                Table.ratio(bestP99.p99Micros() / nginx.p99Micros()),
                Table.count(bestP99.perSecond())));
      }
    }
    return goals;
  }

  private interface Figure {
    double of(Cell cell);
  }

  private static String ratio(double value, Cell anchor, Figure figure) {
    return anchor == null ? "–" : Table.ratio(value / figure.of(anchor));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String micros(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f µs", value) : "–";
  }

  private static String added(double micros) {
    return String.format(Locale.ROOT, "%+.3f ms", micros / 1e3);
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
