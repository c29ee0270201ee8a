package dev.conveyor.bench.history;

import dev.conveyor.bench.Table;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.history.EventStore;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.Snapshot;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.server.store.SqliteEventStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.sqlite.SQLiteConfig;

/**
 * Time to compute the state at a random moment of a long history: a legal synthetic history is
 * recorded through {@link History#append} (so every event is checked, and snapshots are taken as in
 * production), then a fresh {@link History} on the same file is asked for the state at random
 * instants, with its snapshots and without them.
 */
final class StateAtTime {
  static final long SNAPSHOT_INTERVAL = 10_000;
  static final int SERVICES = 200;
  static final Duration SPAN = Duration.ofDays(30);
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final int MIN_BATCH = 500;
  static final int MAX_BATCH = 1500;

  /** Calls to {@code History.at} before the timed ones, for the JIT. */
  static final int WARMUP_CALLS = 10;

  private static final String AFTER = "after the snapshot";

  private StateAtTime() {}

  /** The recorded history. */
  record Generation(
      long events,
      double seconds,
      long fileBytes,
      int snapshots,
      long snapshotChars,
      long lastSnapshotChars,
      int artifacts,
      int instances,
      int fleets,
      long deployments,
      Instant first,
      Instant last) {
    double eventsPerSecond() {
      return events / seconds;
    }
  }

  /** How long {@code History.at} took, and how many events it replayed after its snapshot. */
  record Timing(Latencies.Summary time, double meanReplayed, long maxReplayed) {}

  /** Everything measured on one history. */
  record Result(
      Generation generation,
      double firstCallMs,
      Timing withSnapshots,
      Timing worstCase,
      Timing withoutSnapshots,
      boolean statesAgree) {
    /** The slowest state seen with snapshots, random instants and worst cases together. */
    double maxWithSnapshotsMs() {
      return Math.max(withSnapshots.time().maxMs(), worstCase.time().maxMs());
    }
  }

  static Result run(
      Path file,
      long events,
      long seed,
      int samples,
      int worstSamples,
      int plainSamples,
      PrintStream out)
      throws IOException {
    Generation generation = generate(file, events, seed, out);
    out.printf(
        "  recorded %s events in %.1f s: %s events/s through History.append (validated, %s"
            + " snapshots)%n",
        Table.count(generation.events()),
        generation.seconds(),
        Table.count(generation.eventsPerSecond()),
        generation.snapshots());
    out.printf(
        "  %s services in %s fleets, %s deployments, %s to %s; file %s;"
            + " at the end %s artifacts and %s instances; snapshots %s in all, the last %s%n",
        SERVICES,
        generation.fleets(),
        Table.count(generation.deployments()),
        generation.first().truncatedTo(ChronoUnit.SECONDS),
        generation.last().truncatedTo(ChronoUnit.SECONDS),
        Table.mib(generation.fileBytes()),
        Table.count(generation.artifacts()),
        Table.count(generation.instances()),
        Table.mib(generation.snapshotChars()),
        Table.mib(generation.lastSnapshotChars()));

    // A fresh store and History on the same file: nothing cached from the recording.
    try (SqliteEventStore store = SqliteEventStore.open(file, InstantSource.system())) {
      History history = new History(store, SNAPSHOT_INTERVAL);
      SplittableRandom random = new SplittableRandom(seed + 1);
      double firstCallMs = 0;
      for (int i = 0; i < WARMUP_CALLS; i++) {
        long t0 = System.nanoTime();
        history.at(randomInstant(random, generation));
        if (i == 0) {
          firstCallMs = (System.nanoTime() - t0) / 1e6;
        }
      }
      out.printf(
          "  first call, before the JIT has compiled the decoding: %s (then %d warm-up calls)%n",
          Table.ms(firstCallMs), WARMUP_CALLS - 1);

      Latencies times = new Latencies();
      List<Long> replayed = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        Instant at = randomInstant(random, generation);
        long t0 = System.nanoTime();
        SystemState state = history.at(at);
        times.record(System.nanoTime() - t0);
        replayed.add(state.seq() - snapshotSeq(store, state.seq()));
      }
      Timing withSnapshots = timing(times, replayed);
      print(out, samples + " random instants, with snapshots", withSnapshots, AFTER);

      // The longest replay: the event just before a snapshot, replayed from the one before.
      List<Long> snapshots = new ArrayList<>(store.snapshotSeqs());
      snapshots.add(0, 0L);
      Latencies worstTimes = new Latencies();
      List<Long> worstReplayed = new ArrayList<>();
      int probes = Math.min(worstSamples, snapshots.size() - 1);
      for (int i = 0; i < probes; i++) {
        int j = (int) ((long) i * (snapshots.size() - 1) / probes); // spread over the history
        long seq = snapshots.get(j + 1) - 1;
        long t0 = System.nanoTime();
        SystemState state = history.at(seq);
        worstTimes.record(System.nanoTime() - t0);
        worstReplayed.add(state.seq() - snapshotSeq(store, state.seq()));
      }
      Timing worstCase = timing(worstTimes, worstReplayed);
      print(out, probes + " worst cases (the event before a snapshot)", worstCase, AFTER);

      History plain = new History(new NoSnapshots(store), SNAPSHOT_INTERVAL);
      Latencies plainTimes = new Latencies();
      List<Long> plainReplayed = new ArrayList<>();
      boolean agree = true;
      for (int i = 0; i < plainSamples; i++) {
        Instant at = randomInstant(random, generation);
        long t0 = System.nanoTime();
        SystemState state = plain.at(at);
        plainTimes.record(System.nanoTime() - t0);
        plainReplayed.add(state.seq());
        agree &= same(state, history.at(at));
      }
      Timing withoutSnapshots = timing(plainTimes, plainReplayed);
      print(
          out,
          plainSamples + " random instants, without snapshots",
          withoutSnapshots,
          "from the first event");
      out.printf(
          "  states with and without snapshots agree: %s%n",
          agree ? "yes" : "NO (a bug in History or the store)");
      return new Result(generation, firstCallMs, withSnapshots, worstCase, withoutSnapshots, agree);
    }
  }

  private static Generation generate(Path file, long events, long seed, PrintStream out)
      throws IOException {
    SteppingClock clock = new SteppingClock(START);
    SyntheticFleet fleet = new SyntheticFleet(seed, SERVICES);
    SplittableRandom random = new SplittableRandom(seed ^ 0x5eedL);
    double nanosPerEvent = SPAN.toNanos() / (double) events;
    long start = System.nanoTime();
    int snapshots;
    long lastSnapshotChars;
    SystemState end;
    Instant first;
    try (SqliteEventStore store = SqliteEventStore.open(file, clock)) {
      History history = new History(store, SNAPSHOT_INTERVAL);
      long last = 0;
      long step = Math.max(1, events / 10);
      long nextReport = step;
      while (last < events) {
        int size = (int) Math.min(events - last, MIN_BATCH + random.nextInt(MAX_BATCH - MIN_BATCH));
        List<EventDraft> drafts = fleet.next(size);
        // The store stamps every event of one append with the time of the append; the clock moves
        // on by this batch's share of the span, jittered.
        clock.advance(
            Duration.ofNanos((long) (size * nanosPerEvent * (0.5 + random.nextDouble()))));
        List<RecordedEvent> recorded = history.append(last, drafts);
        last = recorded.get(recorded.size() - 1).seq();
        if (last >= nextReport && last < events) {
          out.printf(
              "  … %s events (%.1f s)%n", Table.count(last), (System.nanoTime() - start) / 1e9);
          nextReport += step;
        }
      }
      end = history.current();
      List<Long> seqs = store.snapshotSeqs();
      snapshots = seqs.size();
      lastSnapshotChars =
          store.snapshotAtOrBefore(last).map(s -> (long) s.payload().length()).orElse(0L);
      first = store.read(1).orElseThrow().time();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Generation(
        end.seq(),
        seconds,
        sizeOnDisk(file),
        snapshots,
        snapshotChars(file),
        lastSnapshotChars,
        end.artifacts().size(),
        end.instances().size(),
        fleet.fleets(),
        fleet.deployments(),
        first,
        end.time());
  }

  /** The characters of all snapshot payloads, read with plain SQL: the store does not say. */
  private static long snapshotChars(Path file) {
    try (Connection c =
            new SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(sum(length(payload)), 0) FROM snapshots")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      return -1;
    }
  }

  private static Instant randomInstant(SplittableRandom random, Generation generation) {
    long span = ChronoUnit.MICROS.between(generation.first(), generation.last());
    return generation.first().plus(random.nextLong(span + 1), ChronoUnit.MICROS);
  }

  private static long snapshotSeq(EventStore store, long seq) {
    return store.snapshotAtOrBefore(seq).map(Snapshot::seq).orElse(0L);
  }

  private static boolean same(SystemState a, SystemState b) {
    return a.seq() == b.seq()
        && a.hash().equals(b.hash())
        && a.artifacts().size() == b.artifacts().size()
        && a.instances().size() == b.instances().size()
        && a.instances().stream().allMatch(i -> b.instance(i.id()).equals(Optional.of(i)));
  }

  private static Timing timing(Latencies times, List<Long> replayed) {
    return new Timing(
        times.summary(),
        replayed.stream().mapToLong(Long::longValue).average().orElse(Double.NaN),
        replayed.stream().mapToLong(Long::longValue).max().orElse(0));
  }

  private static void print(PrintStream out, String what, Timing timing, String replayed) {
    Latencies.Summary t = timing.time();
    out.printf(
        "  %s: mean %s, p50 %s, p99 %s, max %s; events replayed %s: mean %s, max %s%n",
        what,
        Table.ms(t.meanMs()),
        Table.ms(t.p50Ms()),
        Table.ms(t.p99Ms()),
        Table.ms(t.maxMs()),
        replayed,
        Table.count(timing.meanReplayed()),
        Table.count(timing.maxReplayed()));
  }

  static long sizeOnDisk(Path file) throws IOException {
    long bytes = 0;
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Path part = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(part)) {
        bytes += Files.size(part);
      }
    }
    return bytes;
  }
}
