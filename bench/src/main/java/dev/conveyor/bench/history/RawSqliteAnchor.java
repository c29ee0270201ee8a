package dev.conveyor.bench.history;

import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.HashChain;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The anchor: what SQLite itself does on this machine with the store's durability settings (WAL,
 * {@code synchronous=FULL}) and the store's table and indexes, through plain JDBC, inserting rows
 * exactly like the store's (the same canonical payloads and hashes), {@code n} rows per explicit
 * {@code BEGIN IMMEDIATE ... COMMIT}. Whatever the store does on top of this is its own cost.
 */
final class RawSqliteAnchor {
  private RawSqliteAnchor() {}

  /** One row as the store would write it. */
  record Row(String service, String type, String payload, String prevHash, String hash) {}

  /** Rows inserted and commits made in {@code seconds}. */
  record Result(int rowsPerCommit, long rows, long commits, double seconds) {
    double rowsPerSecond() {
      return rows / seconds;
    }

    double commitsPerSecond() {
      return commits / seconds;
    }
  }

  /** The rows the store would write for {@code drafts}: sealed into a chain, encoded, hashed. */
  static List<Row> rows(List<EventDraft> drafts) {
    List<Row> rows = new ArrayList<>(drafts.size());
    HashChain.Head head = HashChain.Head.EMPTY;
    Instant time = Instant.parse("2026-01-01T00:00:00Z");
    for (EventDraft draft : drafts) {
      HashChain.Sealed sealed = HashChain.seal(head, draft, time);
      head = sealed.head();
      time = time.plusMillis(250);
      rows.add(
          new Row(
              draft.event().service().value(),
              draft.event().type(),
              sealed.stored().payload(),
              sealed.stored().prevHash(),
              sealed.stored().hash()));
    }
    return rows;
  }

  /** Warms up for {@code warmup} seconds, then measures for {@code seconds}, in a new file. */
  static Result measure(Path file, int rowsPerCommit, double warmup, double seconds, List<Row> rows)
      throws SQLException {
    try (Connection connection = connect(file);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE events ("
              + " seq INTEGER PRIMARY KEY,"
              + " time_us INTEGER NOT NULL,"
              + " service TEXT NOT NULL,"
              + " type TEXT NOT NULL,"
              + " payload TEXT NOT NULL,"
              + " prev_hash TEXT NOT NULL,"
              + " hash TEXT NOT NULL)");
      statement.execute("CREATE INDEX events_by_time ON events(time_us, seq)");
      statement.execute("CREATE INDEX events_by_service ON events(service, seq)");
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO events(seq, time_us, service, type, payload, prev_hash, hash)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        long[] seq = {0};
        drive(statement, insert, rowsPerCommit, warmup, rows, seq);
        return drive(statement, insert, rowsPerCommit, seconds, rows, seq);
      }
    }
  }

  private static Result drive(
      Statement statement,
      PreparedStatement insert,
      int rowsPerCommit,
      double seconds,
      List<Row> rows,
      long[] seq)
      throws SQLException {
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long commits = 0;
    long now;
    do {
      statement.execute("BEGIN IMMEDIATE");
      for (int i = 0; i < rowsPerCommit; i++) {
        long n = ++seq[0];
        Row row = rows.get((int) (n % rows.size()));
        insert.setLong(1, n);
        insert.setLong(2, 1_767_225_600_000_000L + n * 250_000);
        insert.setString(3, row.service());
        insert.setString(4, row.type());
        insert.setString(5, row.payload());
        insert.setString(6, row.prevHash());
        insert.setString(7, row.hash());
        insert.addBatch();
      }
      insert.executeBatch();
      statement.execute("COMMIT");
      commits++;
      now = System.nanoTime();
    } while (now < deadline);
    return new Result(rowsPerCommit, commits * rowsPerCommit, commits, (now - start) / 1e9);
  }

  /** A connection set up exactly as {@code SqliteEventStore} sets up its own. */
  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout(10_000);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }
}
