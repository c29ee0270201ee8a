package dev.conveyor.server.budget;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The traffic of every fleet at one-minute resolution, per artifact and route, in its own SQLite
 * file ({@code DATA/metrics.db}), so that error budgets span their window and survive restarts.
 *
 * <p>Two tables, clustered on their keys ({@code WITHOUT ROWID}), integers only: {@code minutes}
 * (service, environment, minute as epoch seconds, artifact, route → requests, errors, ok2xx) and
 * {@code slow} (service, environment, minute, artifact, threshold in ms → count). Recording a
 * minute again replaces it. Rows older than the retention are purged by {@link #purgeBefore}.
 */
public final class MinuteStore implements AutoCloseable {
  private final Connection db;

  private MinuteStore(Connection db) {
    this.db = db;
  }

  public static MinuteStore open(Path file) {
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement()) {
        s.executeUpdate(
            "CREATE TABLE IF NOT EXISTS minutes (service TEXT NOT NULL, environment TEXT NOT NULL,"
                + " minute INTEGER NOT NULL, artifact TEXT NOT NULL, route TEXT NOT NULL,"
                + " requests INTEGER NOT NULL, errors INTEGER NOT NULL, ok2xx INTEGER NOT NULL,"
                + " PRIMARY KEY (service, environment, minute, artifact, route)) WITHOUT ROWID");
        s.executeUpdate(
            "CREATE TABLE IF NOT EXISTS slow (service TEXT NOT NULL, environment TEXT NOT NULL,"
                + " minute INTEGER NOT NULL, artifact TEXT NOT NULL, threshold INTEGER NOT NULL,"
                + " count INTEGER NOT NULL,"
                + " PRIMARY KEY (service, environment, minute, artifact, threshold)) WITHOUT ROWID");
      }
      return new MinuteStore(db);
    } catch (SQLException e) {
      throw new StorageException("cannot open the minute store " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records {@code rows} in one transaction; a row already recorded is replaced. */
  public synchronized void append(List<MinuteRow> rows) {
    for (MinuteRow row : rows) {
      check(row.minute());
    }
    try {
      db.setAutoCommit(false);
      try (PreparedStatement minutes =
              db.prepareStatement("INSERT OR REPLACE INTO minutes VALUES (?,?,?,?,?,?,?,?)");
          PreparedStatement slow =
              db.prepareStatement("INSERT OR REPLACE INTO slow VALUES (?,?,?,?,?,?)")) {
        for (MinuteRow row : rows) {
          minutes.setString(1, row.service());
          minutes.setString(2, row.environment());
          minutes.setLong(3, row.minute().getEpochSecond());
          minutes.setString(4, row.artifact());
          minutes.setString(5, row.route());
          minutes.setLong(6, row.requests());
          minutes.setLong(7, row.errors());
          minutes.setLong(8, row.ok2xx());
          minutes.addBatch();
          for (Map.Entry<Long, Long> s : row.slowerThanMillis().entrySet()) {
            slow.setString(1, row.service());
            slow.setString(2, row.environment());
            slow.setLong(3, row.minute().getEpochSecond());
            slow.setString(4, row.artifact());
            slow.setLong(5, s.getKey());
            slow.setLong(6, s.getValue());
            slow.addBatch();
          }
        }
        minutes.executeBatch();
        slow.executeBatch();
      }
      db.commit();
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the failure below is the one to report
      }
      throw new StorageException("cannot record minutes: " + e.getMessage(), e);
    } finally {
      try {
        db.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the connection is closing or broken; the next call says so
      }
    }
  }

  /** The rows of {@code service} in {@code environment} for minutes in {@code [from, to)}. */
  public synchronized List<MinuteRow> read(
      String service, String environment, Instant from, Instant to) {
    Map<String, Map<Long, Long>> slow = new HashMap<>();
    Map<String, MinuteRow> rows = new LinkedHashMap<>();
    try (PreparedStatement q =
            db.prepareStatement(
                "SELECT minute, artifact, threshold, count FROM slow WHERE service = ? AND"
                    + " environment = ? AND minute >= ? AND minute < ?");
        PreparedStatement m =
            db.prepareStatement(
                "SELECT minute, artifact, route, requests, errors, ok2xx FROM minutes WHERE"
                    + " service = ? AND environment = ? AND minute >= ? AND minute < ?"
                    + " ORDER BY minute, artifact, route")) {
      bind(q, service, environment, from, to);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          slow.computeIfAbsent(r.getLong(1) + " " + r.getString(2), k -> new HashMap<>())
              .put(r.getLong(3), r.getLong(4));
        }
      }
      bind(m, service, environment, from, to);
      List<MinuteRow> out = new ArrayList<>();
      try (ResultSet r = m.executeQuery()) {
        while (r.next()) {
          String route = r.getString(3);
          out.add(
              new MinuteRow(
                  Instant.ofEpochSecond(r.getLong(1)),
                  service,
                  environment,
                  r.getString(2),
                  route,
                  r.getLong(4),
                  r.getLong(5),
                  r.getLong(6),
                  route.isEmpty()
                      ? slow.getOrDefault(r.getLong(1) + " " + r.getString(2), Map.of())
                      : Map.of()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StorageException("cannot read minutes: " + e.getMessage(), e);
    }
  }

  /** Deletes every minute before {@code cutoff}; returns how many rows went. */
  public synchronized int purgeBefore(Instant cutoff) {
    try (PreparedStatement m = db.prepareStatement("DELETE FROM minutes WHERE minute < ?");
        PreparedStatement s = db.prepareStatement("DELETE FROM slow WHERE minute < ?")) {
      m.setLong(1, cutoff.getEpochSecond());
      s.setLong(1, cutoff.getEpochSecond());
      return m.executeUpdate() + s.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("cannot purge minutes: " + e.getMessage(), e);
    }
  }

  private static void bind(
      PreparedStatement q, String service, String environment, Instant from, Instant to)
      throws SQLException {
    q.setString(1, service);
    q.setString(2, environment);
    q.setLong(3, from.getEpochSecond());
    q.setLong(4, to.getEpochSecond());
  }

  private static void check(Instant minute) {
    if (minute.getEpochSecond() % 60 != 0 || minute.getNano() != 0) {
      throw new InvalidInputException("a minute row starts on a whole minute, got " + minute);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StorageException("cannot close the minute store: " + e.getMessage(), e);
    }
  }
}
