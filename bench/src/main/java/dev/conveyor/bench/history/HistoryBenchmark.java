package dev.conveyor.bench.history;

import dev.conveyor.bench.Args;
import dev.conveyor.bench.Machine;
import dev.conveyor.bench.Table;
import dev.conveyor.bench.history.AppendThroughput.Mode;
import dev.conveyor.core.event.EventDraft;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;

/**
 * The history benchmark (bench/history; not a test). In one run, each on a fresh file after a short
 * warm-up: the disk's fdatasync rate and raw SQLite inserts with the store's durability settings
 * (the anchors); durable appends per second to {@code SqliteEventStore} with 1 and 8 concurrent
 * appenders; and the time to compute the state at a random moment of a long history, with and
 * without snapshots. Prints every figure beside its anchor, and whether the goals are met.
 */
public final class HistoryBenchmark {
  /** Goal: durable events per second with concurrent appenders. */
  static final double GOAL_EVENTS_PER_SECOND = 20_000;

  /** Goal: the state at any moment of a history of this many events... */
  static final long GOAL_HISTORY_EVENTS = 1_000_000;

  /** ...in at most this many milliseconds. */
  static final double GOAL_STATE_MS = 1_000;

  /** Anchor from the issue: raw SQLite on this kind of machine, 100 rows per commit. */
  static final double ISSUE_ANCHOR_ROWS_PER_SECOND = 27_000;

  /** Anchor: {@code dd bs=4k oflag=dsync} on this machine before the benchmark was written. */
  static final double DD_SYNCS_PER_SECOND = 760;

  private static final int SAMPLE_EVENTS = 4096;

  private final Options options;
  private final Path dir;
  private final PrintStream out;

  private HistoryBenchmark(Options options, Path dir, PrintStream out) {
    this.options = options;
    this.dir = dir;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options = Args.parse(args, "bench/history", Options.USAGE, Options::parse);
    if (options == null) {
      return;
    }
    boolean ownDir = options.dir() == null;
    Path dir =
        ownDir
            ? Files.createTempDirectory("conveyor-bench-history-")
            : Files.createDirectories(options.dir());
    try {
      new HistoryBenchmark(options, dir, System.out).run();
    } finally {
      if (ownDir) {
        deleteQuietly(dir);
      }
    }
  }

  private void run() throws Exception {
    long started = System.nanoTime();
    double seconds = options.seconds();
    double warmup = options.warmupSeconds();
    out.println("== Conveyor history benchmark (bench/history) ==");
    out.println("machine: " + Machine.describe() + ", SQLite " + sqliteVersion());
    out.printf(
        "sizes: %s s per throughput measurement after %s s of warm-up; %s events for state at T;"
            + " seed %d%s%n",
        Table.decimal(seconds),
        Table.decimal(warmup),
        Table.count(options.events()),
        options.seed(),
        options.quick() ? " (--quick: a smoke run, not a verdict)" : "");
    out.printf(
        "jvm: %s%n",
        String.join(
            " ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    out.println("data: " + dir);
    out.println("load average at the start: " + Machine.loadAverage());

    List<EventDraft> sample = sample(options.seed());
    List<RawSqliteAnchor.Row> rows = RawSqliteAnchor.rows(sample);
    describe(rows);

    out.println();
    out.println("-- physics: making a small write durable");
    double probe = Math.min(2, seconds);
    double appendSyncs = FsyncRate.appending(dir.resolve("fsync-append.probe"), probe);
    double syncs = FsyncRate.overwriting(dir.resolve("fsync-overwrite.probe"), probe);
    out.printf(
        "  4 KiB appended + fdatasync: %s/s (%s each); dd oflag=dsync gave ~%s/s before%n",
        Table.count(appendSyncs), Table.ms(1000 / appendSyncs), Table.count(DD_SYNCS_PER_SECOND));
    out.printf(
        "  4 KiB overwritten in place + fdatasync (as in a WAL): %s/s (%s each)%n",
        Table.count(syncs), Table.ms(1000 / syncs));

    out.println();
    out.println(
        "-- anchor: raw SQLite via JDBC (WAL, synchronous=FULL, the store's table and indexes)");
    RawSqliteAnchor.Result raw1 = raw(1, warmup, seconds, rows);
    RawSqliteAnchor.Result raw8 = raw(8, warmup, seconds, rows);
    RawSqliteAnchor.Result raw100 = raw(100, warmup, seconds, rows);

    out.println();
    out.println("-- SqliteEventStore: durable appends of one event each (EventStore.ANY)");
    AppendThroughput.Result single = append(Mode.SINGLE, warmup, seconds, sample);
    AppendThroughput.Result concurrent = append(Mode.CONCURRENT, warmup, seconds, sample);
    AppendThroughput.Result pipelined = append(Mode.PIPELINED, warmup, seconds, sample);

    out.println();
    out.printf(
        "-- state at a random time over %s events (History, snapshots every %s events)%n",
        Table.count(options.events()), Table.count(StateAtTime.SNAPSHOT_INTERVAL));
    Path historyFile = dir.resolve("history.db");
    StateAtTime.Result state =
        StateAtTime.run(
            historyFile, options.events(), options.seed(), options.quick() ? 20 : 100, 10, 5, out);
    delete(historyFile);

    out.println();
    out.println("== Summary: figure beside its anchor; ratio = figure ÷ anchor ==");
    Table table = new Table("measurement", "figure", "anchor", "ratio");
    table.row(
        "fdatasync, 4 KiB appends",
        Table.count(appendSyncs) + " /s",
        "~" + Table.count(DD_SYNCS_PER_SECOND) + " /s (dd oflag=dsync, earlier)",
        Table.ratio(appendSyncs / DD_SYNCS_PER_SECOND));
    table.row(
        "fdatasync, 4 KiB overwrites (as a WAL)",
        Table.count(syncs) + " /s",
        Table.count(appendSyncs) + " /s (appends)",
        Table.ratio(syncs / appendSyncs));
    table.row(
        "raw SQLite, 1 row/commit",
        Table.count(raw1.rowsPerSecond()) + " rows/s",
        Table.count(syncs) + " /s (fdatasync, overwrites)",
        Table.ratio(raw1.rowsPerSecond() / syncs));
    table.row(
        "raw SQLite, 8 rows/commit",
        Table.count(raw8.rowsPerSecond()) + " rows/s",
        Table.count(8 * raw1.rowsPerSecond()) + " rows/s (8 × 1 row/commit)",
        Table.ratio(raw8.rowsPerSecond() / (8 * raw1.rowsPerSecond())));
    table.row(
        "raw SQLite, 100 rows/commit",
        Table.count(raw100.rowsPerSecond()) + " rows/s",
        "~" + Table.count(ISSUE_ANCHOR_ROWS_PER_SECOND) + " rows/s (issue)",
        Table.ratio(raw100.rowsPerSecond() / ISSUE_ANCHOR_ROWS_PER_SECOND));
    table.row(
        "store, " + Mode.SINGLE.label,
        Table.count(single.eventsPerSecond()) + " events/s",
        Table.count(raw1.rowsPerSecond()) + " rows/s (raw, 1 row/commit)",
        Table.ratio(single.eventsPerSecond() / raw1.rowsPerSecond()));
    table.row(
        "store, " + Mode.CONCURRENT.label,
        Table.count(concurrent.eventsPerSecond()) + " events/s",
        Table.count(raw8.rowsPerSecond()) + " rows/s (raw, 8 rows/commit)",
        Table.ratio(concurrent.eventsPerSecond() / raw8.rowsPerSecond()));
    table.row(
        "store, " + Mode.PIPELINED.label,
        Table.count(pipelined.eventsPerSecond()) + " events/s",
        Table.count(raw100.rowsPerSecond()) + " rows/s (raw, 100 rows/commit)",
        Table.ratio(pipelined.eventsPerSecond() / raw100.rowsPerSecond()));
    for (AppendThroughput.Result r : List.of(single, concurrent, pipelined)) {
      table.row(
          "  ack latency p50 / p99, " + r.mode().label,
          Table.ms(r.latency().p50Ms()) + " / " + Table.ms(r.latency().p99Ms()),
          Table.ms(1000 / syncs) + " (one fdatasync)",
          Table.ratio(r.latency().p50Ms() / (1000 / syncs)));
    }
    for (AppendThroughput.Result r : List.of(single, concurrent, pipelined)) {
      table.row(
          "  events per commit, " + r.mode().label,
          Table.decimal(r.eventsPerCommit()),
          r.mode().appenders * r.mode().inFlight + " (appends that can be waiting)",
          Table.ratio(r.eventsPerCommit() / (r.mode().appenders * r.mode().inFlight)));
    }
    StateAtTime.Generation g = state.generation();
    table.row(
        "History.append, 500–1500 drafts per append",
        Table.count(g.eventsPerSecond()) + " events/s",
        Table.count(raw100.rowsPerSecond()) + " rows/s (raw, 100 rows/commit)",
        Table.ratio(g.eventsPerSecond() / raw100.rowsPerSecond()));
    table.row(
        "history file, " + Table.count(g.events()) + " events",
        Table.mib(g.fileBytes()),
        g.snapshots()
            + " snapshots: "
            + Table.mib(g.snapshotChars())
            + ", the last "
            + Table.mib(g.lastSnapshotChars()),
        "–");
    table.row(
        "state at random T, snapshots: mean",
        Table.ms(state.withSnapshots().time().meanMs()),
        Table.ms(GOAL_STATE_MS) + " (goal)",
        Table.ratio(state.withSnapshots().time().meanMs() / GOAL_STATE_MS));
    table.row(
        "state at random T, snapshots: p99 / max",
        Table.ms(state.withSnapshots().time().p99Ms())
            + " / "
            + Table.ms(state.withSnapshots().time().maxMs()),
        Table.ms(GOAL_STATE_MS) + " (goal)",
        Table.ratio(state.withSnapshots().time().maxMs() / GOAL_STATE_MS));
    table.row(
        "state before a snapshot (worst case): max",
        Table.ms(state.worstCase().time().maxMs()),
        Table.ms(GOAL_STATE_MS) + " (goal)",
        Table.ratio(state.worstCase().time().maxMs() / GOAL_STATE_MS));
    table.row(
        "state at T, first call (cold JIT)",
        Table.ms(state.firstCallMs()),
        Table.ms(GOAL_STATE_MS) + " (goal)",
        Table.ratio(state.firstCallMs() / GOAL_STATE_MS));
    table.row(
        "state at random T, no snapshots: mean",
        Table.ms(state.withoutSnapshots().time().meanMs()),
        Table.ms(state.withSnapshots().time().meanMs()) + " (with snapshots)",
        Table.ratio(
                state.withoutSnapshots().time().meanMs() / state.withSnapshots().time().meanMs())
            + " slower");
    table.print(out);

    out.println();
    double best = Math.max(concurrent.eventsPerSecond(), pipelined.eventsPerSecond());
    Mode bestMode =
        pipelined.eventsPerSecond() >= concurrent.eventsPerSecond()
            ? Mode.PIPELINED
            : Mode.CONCURRENT;
    out.printf(
        "GOAL ≥ %s durable events/s with concurrent appenders: %s — %s: %s events/s (%s: %s"
            + " events/s; 1 synchronous appender: %s events/s, bounded by one fdatasync per"
            + " append)%s%n",
        Table.count(GOAL_EVENTS_PER_SECOND),
        best >= GOAL_EVENTS_PER_SECOND ? "MET" : "NOT MET",
        bestMode.label,
        Table.count(best),
        (bestMode == Mode.PIPELINED ? Mode.CONCURRENT : Mode.PIPELINED).label,
        Table.count(Math.min(concurrent.eventsPerSecond(), pipelined.eventsPerSecond())),
        Table.count(single.eventsPerSecond()),
        options.quick() ? " — a --quick run, not a verdict" : "");
    double worst = state.maxWithSnapshotsMs();
    String verdict =
        g.events() < GOAL_HISTORY_EVENTS
            ? "NOT MEASURED (only " + Table.count(g.events()) + " events; run without --quick)"
            : worst <= GOAL_STATE_MS ? "MET" : "NOT MET";
    out.printf(
        "GOAL state at any T over %s events ≤ %s: %s — max %s over %d random instants and %d"
            + " worst cases after warm-up (mean %s; the very first call, JIT cold: %s; without"
            + " snapshots mean %s)%n",
        Table.count(GOAL_HISTORY_EVENTS),
        Table.ms(GOAL_STATE_MS),
        verdict,
        Table.ms(worst),
        state.withSnapshots().time().count(),
        state.worstCase().time().count(),
        Table.ms(state.withSnapshots().time().meanMs()),
        Table.ms(state.firstCallMs()),
        Table.ms(state.withoutSnapshots().time().meanMs()));
    if (!state.statesAgree()) {
      out.println("WARNING: states with and without snapshots differ; the figures are suspect");
    }
    out.println(Machine.finished(started));
  }

  private RawSqliteAnchor.Result raw(
      int rowsPerCommit, double warmup, double seconds, List<RawSqliteAnchor.Row> rows)
      throws SQLException, IOException {
    Path file = dir.resolve("raw-" + rowsPerCommit + ".db");
    RawSqliteAnchor.Result r = RawSqliteAnchor.measure(file, rowsPerCommit, warmup, seconds, rows);
    delete(file);
    out.printf(
        "  %3d %s per commit: %s rows/s (%s commits/s)%n",
        rowsPerCommit,
        rowsPerCommit == 1 ? "row " : "rows",
        Table.count(r.rowsPerSecond()),
        Table.count(r.commitsPerSecond()));
    return r;
  }

  private AppendThroughput.Result append(
      Mode mode, double warmup, double seconds, List<EventDraft> sample)
      throws InterruptedException, IOException {
    Path file = dir.resolve("store-" + mode.name().toLowerCase(Locale.ROOT) + ".db");
    AppendThroughput.Result r = AppendThroughput.measure(file, mode, warmup, seconds, sample);
    delete(file);
    out.printf(
        "  %s: %s events/s; ~%s events per commit (~%s commits/s);"
            + " ack latency p50 %s, p99 %s, max %s%n",
        mode.label,
        Table.count(r.eventsPerSecond()),
        Table.decimal(r.eventsPerCommit()),
        Table.count(r.commits() / r.seconds()),
        Table.ms(r.latency().p50Ms()),
        Table.ms(r.latency().p99Ms()),
        Table.ms(r.latency().maxMs()));
    return r;
  }

  /** Realistic events: the synthetic fleet's stream past its initial roll-out. */
  private static List<EventDraft> sample(long seed) {
    SyntheticFleet fleet = new SyntheticFleet(seed + 7, StateAtTime.SERVICES);
    fleet.next(20_000);
    return fleet.next(SAMPLE_EVENTS);
  }

  private void describe(List<RawSqliteAnchor.Row> rows) {
    double meanPayload = rows.stream().mapToInt(r -> r.payload().length()).average().orElse(0);
    Map<String, Long> types =
        rows.stream()
            .collect(
                Collectors.groupingBy(
                    RawSqliteAnchor.Row::type, TreeMap::new, Collectors.counting()));
    out.printf(
        "events: %s drafts from the synthetic fleet, mean payload %s characters + two 64-hex"
            + " hashes; %s%n",
        Table.count(rows.size()),
        Table.count(meanPayload),
        types.entrySet().stream()
            .map(e -> e.getKey() + " " + Math.round(100.0 * e.getValue() / rows.size()) + "%")
            .collect(Collectors.joining(", ")));
  }

  private static String sqliteVersion() {
    try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
      return rs.next() ? rs.getString(1) : "?";
    } catch (SQLException e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  private static void delete(Path file) throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
