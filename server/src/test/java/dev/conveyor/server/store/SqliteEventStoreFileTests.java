package dev.conveyor.server.store;

import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static dev.conveyor.core.testing.Events.draft;
import static dev.conveyor.core.testing.Events.launched;
import static dev.conveyor.core.testing.Events.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.StorageException;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.history.ChainReport;
import dev.conveyor.core.history.History;
import dev.conveyor.core.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a real SQLite file can show: bytes altered on disk, and locks held by others. */
class SqliteEventStoreFileTests {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");

  private static void record(History history, Event event) {
    history.record(state -> List.of(draft(event)));
  }

  @Test
  void verify_oneByteChangedInTheDatabaseFile_namesThatSequence() throws Exception {
    Path file = dir.resolve("history.db");
    try (SqliteEventStore store = SqliteEventStore.open(file, clock)) {
      History history = new History(store, 1000);
      record(history, registered("checkout", "v1"));
      record(history, registered("checkout", "version-to-tamper-with"));
      record(history, launched("checkout-a1", CHECKOUT_PROD, "v1"));
      assertThat(history.verify().intact()).isTrue();
    }
    // Closing the last connection checkpoints the WAL into the main file.
    assertThat(Files.exists(dir.resolve("history.db-wal"))).isFalse();

    byte[] bytes = Files.readAllBytes(file);
    byte[] needle = "version-to-tamper-with".getBytes(StandardCharsets.UTF_8);
    int at = indexOf(bytes, needle);
    assertThat(at).as("the payload is stored as plain text in the file").isPositive();
    assertThat(indexOf(bytes, needle, at + 1)).as("and only once").isEqualTo(-1);
    bytes[at] = (byte) 'V'; // "version-…" becomes "Version-…": one byte.
    Files.write(file, bytes);

    try (SqliteEventStore store = SqliteEventStore.open(file, clock)) {
      ChainReport report = new History(store, 1000).verify();
      assertThat(report.intact()).isFalse();
      assertThat(report.firstBrokenSeq()).isEqualTo(2);
      assertThat(report.summary())
          .startsWith("history broken at sequence 2: its content does not match its hash (stored ");
    }
  }

  @Test
  void append_whileAnotherProcessHoldsTheLock_failsClearlyAndStoresNothing() throws Exception {
    Path file = dir.resolve("history.db");
    try (SqliteEventStore store = SqliteEventStore.open(file, clock, Duration.ofMillis(200));
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      History history = new History(store, 1000);
      record(history, registered("checkout", "v1"));
      try (Statement s = other.createStatement()) {
        s.execute("BEGIN EXCLUSIVE");
        assertThatThrownBy(() -> record(history, registered("checkout", "v2")))
            .isInstanceOf(StorageException.class)
            .hasMessage(
                "the history at "
                    + file
                    + " could not record the change: [SQLITE_BUSY] The database file is locked"
                    + " (database is locked); nothing was recorded");
        s.execute("ROLLBACK");
      }
      assertThat(store.lastSeq()).isEqualTo(1);
      record(history, registered("checkout", "v3"));
      assertThat(store.lastSeq()).isEqualTo(2);
      assertThat(history.verify().intact()).isTrue();
    }
  }

  @Test
  void concurrentAppends_shareCommits() throws Exception {
    try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("history.db"), clock)) {
      int appenders = 8;
      int each = 40;
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(appenders);
      try {
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < appenders; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      store.append(
                          dev.conveyor.core.history.EventStore.ANY,
                          List.of(draft(registered("svc-" + thread, "v" + i))));
                    }
                  }));
        }
        for (java.util.concurrent.Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      SqliteEventStore.Stats stats = store.stats();
      assertThat(stats.events()).isEqualTo(appenders * each);
      // Each append waits for its fsync; with eight waiting at once, commits carry several.
      assertThat(stats.commits()).isLessThan(stats.events());
    }
  }

  @Test
  void append_afterClose_isRefused() {
    SqliteEventStore store = SqliteEventStore.open(dir.resolve("history.db"), clock);
    store.close();
    assertThatThrownBy(() -> store.append(0, List.of(draft(registered("checkout", "v1")))))
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "the history at " + dir.resolve("history.db") + " is closed; nothing was recorded");
  }

  @Test
  void open_notADatabase_failsNamingTheFile() throws Exception {
    Path file = dir.resolve("history.db");
    Files.writeString(
        file, "this is not a database, just text that is long enough to have a header");
    assertThatThrownBy(() -> SqliteEventStore.open(file, clock))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("cannot open the history at " + file + ": ");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    return indexOf(haystack, needle, 0);
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
