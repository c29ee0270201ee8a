package dev.conveyor.server.store;

import dev.conveyor.core.StorageException;
import dev.conveyor.core.event.EventCodec;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StoredEvent;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.EventStore;
import dev.conveyor.core.history.SequenceConflictException;
import dev.conveyor.core.history.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The embedded default {@link EventStore}: one SQLite file in WAL mode with {@code
 * synchronous=FULL}, so a commit returns only once it is on disk.
 *
 * <p>All writes go through one writer thread that practises group commit: it takes every append
 * waiting in its queue, writes them in one transaction and pays for one fsync, then acknowledges
 * them all. Reads use a small pool of their own connections, which WAL lets run beside the writer.
 */
public final class SqliteEventStore implements EventStore {
  /** At most this many appends share one commit, to bound the latency of the first of them. */
  static final int MAX_BATCH = 1024;

  private static final int READERS = 4;
  private static final int SCHEMA_VERSION = 1;

  /** How long a write waits for a lock held by another process before it fails. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

  private final Path file;
  private final InstantSource clock;
  private final Duration busyTimeout;
  private final Connection writer;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
  private final Thread writerThread;
  private volatile boolean closed;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong committedEvents = new AtomicLong();

  /** Durable commits so far, and the events they carried: their ratio is the group-commit gain. */
  public record Stats(long commits, long events) {}

  /** One request to the writer thread. */
  private sealed interface Write {
    CompletableFuture<?> future();
  }

  private record Append(
      long expectedLastSeq, List<EventDraft> drafts, CompletableFuture<List<RecordedEvent>> future)
      implements Write {}

  private record SaveSnapshot(Snapshot snapshot, CompletableFuture<Void> future) implements Write {}

  private SqliteEventStore(Path file, InstantSource clock, Duration busyTimeout)
      throws SQLException {
    this.file = file;
    this.clock = clock;
    this.busyTimeout = busyTimeout;
    this.writer = connect(file);
    try (Statement s = writer.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS events ("
              + " seq INTEGER PRIMARY KEY,"
              + " time_us INTEGER NOT NULL,"
              + " service TEXT NOT NULL,"
              + " type TEXT NOT NULL,"
              + " payload TEXT NOT NULL,"
              + " prev_hash TEXT NOT NULL,"
              + " hash TEXT NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS events_by_time ON events(time_us, seq)");
      s.execute("CREATE INDEX IF NOT EXISTS events_by_service ON events(service, seq)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS snapshots ("
              + " seq INTEGER PRIMARY KEY,"
              + " event_hash TEXT NOT NULL,"
              + " payload TEXT NOT NULL,"
              + " digest TEXT NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute(
          "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '"
              + SCHEMA_VERSION
              + "')");
    }
    // Transactions are begun and ended explicitly per batch (BEGIN IMMEDIATE ... COMMIT): with
    // autoCommit off, sqlite-jdbc would open the next transaction right after each commit and so
    // hold
    // the write lock for as long as the store is open, shutting out every other process.
    for (int i = 0; i < READERS; i++) {
      readers.add(connect(file));
    }
    this.writerThread = new Thread(this::writeLoop, "history-writer");
    writerThread.setDaemon(true);
    writerThread.start();
  }

  /**
   * Opens (creating if needed) the history in {@code file}.
   *
   * @throws StorageException if the file cannot be opened as a Conveyor history
   */
  public static SqliteEventStore open(Path file, InstantSource clock) {
    return open(file, clock, DEFAULT_BUSY_TIMEOUT);
  }

  /** As {@link #open(Path, InstantSource)}, waiting at most {@code busyTimeout} for locks. */
  public static SqliteEventStore open(Path file, InstantSource clock, Duration busyTimeout) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new SqliteEventStore(file, clock, busyTimeout);
    } catch (SQLException | java.io.IOException e) {
      throw new StorageException("cannot open the history at " + file + ": " + e.getMessage(), e);
    }
  }

  private Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: in WAL mode the WAL is fsynced at every commit, so an acknowledged append survives a
    // power loss, not just a process crash (NORMAL would only survive the latter).
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout((int) busyTimeout.toMillis());
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  public Path file() {
    return file;
  }

  /** Commits and events since this store was opened. */
  public Stats stats() {
    return new Stats(commits.get(), committedEvents.get());
  }

  // ---- writes ----

  @Override
  public CompletableFuture<List<RecordedEvent>> appendAsync(
      long expectedLastSeq, List<EventDraft> drafts) {
    if (drafts.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    CompletableFuture<List<RecordedEvent>> future = new CompletableFuture<>();
    submit(new Append(expectedLastSeq, List.copyOf(drafts), future));
    return future;
  }

  @Override
  public void saveSnapshot(Snapshot snapshot) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    submit(new SaveSnapshot(snapshot, future));
    future.join();
  }

  private void submit(Write write) {
    if (closed) {
      write.future().completeExceptionally(closedError());
      return;
    }
    queue.add(write);
    if (closed && queue.remove(write)) {
      write.future().completeExceptionally(closedError());
    }
  }

  private StorageException closedError() {
    return new StorageException("the history at " + file + " is closed; nothing was recorded");
  }

  private void writeLoop() {
    List<Write> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Write first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        // Never let the writer die silently: fail what it held and keep serving.
        for (Write write : batch) {
          write
              .future()
              .completeExceptionally(new StorageException("history writer failed: " + e, e));
        }
      } finally {
        batch.clear();
      }
    }
    Write left;
    while ((left = queue.poll()) != null) {
      left.future().completeExceptionally(closedError());
    }
  }

  /** Writes one batch in one transaction, and acknowledges its appends only after the commit. */
  private void commit(List<Write> batch) {
    List<Runnable> acknowledgements = new ArrayList<>();
    long events = 0;
    try {
      execute("BEGIN IMMEDIATE");
      // Read the head inside the write transaction: correct even if another process appended.
      HashChain.Head head = readHead(writer);
      try (PreparedStatement insertEvent =
              writer.prepareStatement(
                  "INSERT INTO events(seq, time_us, service, type, payload, prev_hash, hash)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement insertSnapshot =
              writer.prepareStatement(
                  "INSERT OR IGNORE INTO snapshots(seq, event_hash, payload, digest)"
                      + " VALUES (?, ?, ?, ?)")) {
        for (Write write : batch) {
          switch (write) {
            case Append append -> {
              if (append.expectedLastSeq() != ANY && append.expectedLastSeq() != head.seq()) {
                append
                    .future()
                    .completeExceptionally(
                        new SequenceConflictException(append.expectedLastSeq(), head.seq()));
                continue;
              }
              List<RecordedEvent> sealed = new ArrayList<>(append.drafts().size());
              Instant now = clock.instant();
              for (EventDraft draft : append.drafts()) {
                HashChain.Sealed s = HashChain.seal(head, draft, now);
                bindEvent(insertEvent, s);
                insertEvent.addBatch();
                sealed.add(s.recorded());
                head = s.head();
                events++;
              }
              acknowledgements.add(() -> append.future().complete(List.copyOf(sealed)));
            }
            case SaveSnapshot save -> {
              Snapshot snapshot = save.snapshot();
              insertSnapshot.setLong(1, snapshot.seq());
              insertSnapshot.setString(2, snapshot.eventHash());
              insertSnapshot.setString(3, snapshot.payload());
              insertSnapshot.setString(4, snapshot.digest());
              insertSnapshot.addBatch();
              acknowledgements.add(() -> save.future().complete(null));
            }
          }
        }
        insertEvent.executeBatch();
        insertSnapshot.executeBatch();
      }
      execute("COMMIT");
      commits.incrementAndGet();
      committedEvents.addAndGet(events);
    } catch (SQLException e) {
      rollbackQuietly();
      StorageException failure =
          new StorageException(
              "the history at "
                  + file
                  + " could not record the change: "
                  + e.getMessage()
                  + "; nothing was recorded",
              e);
      // Conflicts were already answered; everything else in the batch failed with the commit.
      for (Write write : batch) {
        write.future().completeExceptionally(failure);
      }
      return;
    }
    acknowledgements.forEach(Runnable::run);
  }

  private static void bindEvent(PreparedStatement insert, HashChain.Sealed sealed)
      throws SQLException {
    RecordedEvent r = sealed.recorded();
    insert.setLong(1, r.seq());
    insert.setLong(2, micros(r.time()));
    insert.setString(3, r.event().service().value());
    insert.setString(4, r.event().type());
    insert.setString(5, sealed.stored().payload());
    insert.setString(6, r.prevHash());
    insert.setString(7, r.hash());
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = writer.createStatement()) {
      s.execute(sql);
    }
  }

  private void rollbackQuietly() {
    try {
      execute("ROLLBACK");
    } catch (SQLException ignored) {
      // No transaction was open (BEGIN itself failed), or the connection is broken: the next batch
      // reports the latter.
    }
  }

  private static HashChain.Head readHead(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT seq, time_us, hash FROM events ORDER BY seq DESC LIMIT 1")) {
      if (!rs.next()) {
        return HashChain.Head.EMPTY;
      }
      return new HashChain.Head(rs.getLong(1), instant(rs.getLong(2)), rs.getString(3));
    }
  }

  static long micros(Instant time) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, time);
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  // ---- reads ----

  /** A read against one pooled connection. */
  @FunctionalInterface
  private interface Read<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(String what, Read<T> read) {
    if (closed) {
      throw new StorageException("the history at " + file + " is closed");
    }
    Connection connection;
    try {
      connection = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while reading " + what, e);
    }
    try {
      return read.run(connection);
    } catch (SQLException e) {
      throw new StorageException(
          "cannot read " + what + " from " + file + ": " + e.getMessage(), e);
    } finally {
      readers.add(connection);
    }
  }

  @Override
  public long lastSeq() {
    return read("the last sequence", c -> readHead(c).seq());
  }

  @Override
  public Optional<RecordedEvent> read(long seq) {
    return read(
        "event " + seq,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT seq, payload, prev_hash, hash FROM events WHERE seq = ?")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(EventCodec.decode(stored(rs))) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<RecordedEvent> read(EventQuery query) {
    String order = query.newestFirst() ? "DESC" : "ASC";
    String sql =
        "SELECT seq, payload, prev_hash, hash FROM events WHERE seq > ? AND seq <= ?"
            + (query.service() == null ? "" : " AND service = ?")
            + " ORDER BY seq "
            + order
            + " LIMIT ?";
    return read(
        "events",
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setLong(i++, query.afterSeq());
            p.setLong(i++, query.untilSeq());
            if (query.service() != null) {
              p.setString(i++, query.service().value());
            }
            p.setInt(i, query.limit());
            List<RecordedEvent> events = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                events.add(EventCodec.decode(stored(rs)));
              }
            }
            return events;
          }
        });
  }

  @Override
  public void scan(long fromSeq, long toSeq, Consumer<RecordedEvent> consumer) {
    scanStored(fromSeq, toSeq, stored -> consumer.accept(EventCodec.decode(stored)));
  }

  @Override
  public void scanStored(long fromSeq, long toSeq, Consumer<StoredEvent> consumer) {
    read(
        "events " + fromSeq + " to " + toSeq,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT seq, payload, prev_hash, hash FROM events WHERE seq BETWEEN ? AND ?"
                      + " ORDER BY seq")) {
            p.setLong(1, fromSeq);
            p.setLong(2, toSeq);
            p.setFetchSize(1000);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                consumer.accept(stored(rs));
              }
            }
          }
          return null;
        });
  }

  private static StoredEvent stored(ResultSet rs) throws SQLException {
    return new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
  }

  @Override
  public long seqAt(Instant time) {
    return read(
        "the event at " + time,
        c -> {
          // Times never decrease along the chain, so the index on (time_us, seq) answers this
          // with one descent.
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT seq FROM events WHERE time_us <= ? ORDER BY time_us DESC, seq DESC LIMIT 1")) {
            p.setLong(1, micros(time.truncatedTo(ChronoUnit.MICROS)));
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? rs.getLong(1) : 0L;
            }
          }
        });
  }

  @Override
  public Optional<Snapshot> snapshotAtOrBefore(long seq) {
    return read(
        "a snapshot",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT seq, event_hash, payload, digest FROM snapshots WHERE seq <= ?"
                      + " ORDER BY seq DESC LIMIT 1")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Snapshot(
                          rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<Long> snapshotSeqs() {
    return read(
        "snapshots",
        c -> {
          List<Long> seqs = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT seq FROM snapshots ORDER BY seq")) {
            while (rs.next()) {
              seqs.add(rs.getLong(1));
            }
          }
          return seqs;
        });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writerThread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Connection> all = new ArrayList<>();
    readers.drainTo(all);
    all.add(writer);
    for (Connection connection : all) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing is best effort; every acknowledged append is already durable.
      }
    }
  }
}
