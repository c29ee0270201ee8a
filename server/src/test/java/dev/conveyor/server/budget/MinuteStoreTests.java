package dev.conveyor.server.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The minute store on a real SQLite file. */
class MinuteStoreTests {
  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static MinuteRow row(Instant minute, String route, long requests, long errors) {
    return new MinuteRow(
        minute,
        "shop",
        "production",
        "sha256:v1",
        route,
        requests,
        errors,
        requests - errors,
        route.isEmpty() ? Map.of(300L, 2L) : Map.of());
  }

  @Test
  void rows_areReadBackByWindow_replacedWhenRecordedAgain_keptAcrossReopen_andPurged() {
    Path file = dir.resolve("metrics.db");
    try (MinuteStore store = MinuteStore.open(file)) {
      store.append(
          List.of(
              row(T, "", 100, 3),
              row(T, "POST /checkout", 20, 3),
              row(T.plusSeconds(60), "", 50, 0),
              row(T.plusSeconds(120), "", 70, 1)));
      store.append(List.of(row(T.plusSeconds(60), "", 60, 1))); // replaces, not adds
    }
    try (MinuteStore store = MinuteStore.open(file)) {
      List<MinuteRow> rows = store.read("shop", "production", T, T.plusSeconds(120));
      assertThat(rows).hasSize(3);
      assertThat(rows.get(0)).isEqualTo(row(T, "", 100, 3));
      assertThat(rows.get(0).slowerThanMillis()).containsEntry(300L, 2L);
      assertThat(rows.get(1)).isEqualTo(row(T, "POST /checkout", 20, 3));
      assertThat(rows.get(2).requests()).isEqualTo(60);
      assertThat(store.read("shop", "staging", T, T.plusSeconds(600))).isEmpty();

      assertThat(store.purgeBefore(T.plusSeconds(120))).isEqualTo(5); // 3 rows + 2 slow counts
      assertThat(store.read("shop", "production", T, T.plusSeconds(600)))
          .extracting(MinuteRow::minute)
          .containsExactly(T.plusSeconds(120));
    }
  }

  @Test
  void aRowNotOnAWholeMinute_isRefused_andNothingOfTheBatchIsStored() {
    try (MinuteStore store = MinuteStore.open(dir.resolve("metrics.db"))) {
      assertThatThrownBy(
              () -> store.append(List.of(row(T, "", 1, 0), row(T.plusSeconds(30), "", 1, 0))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("a minute row starts on a whole minute, got 2026-11-22T10:00:30Z");
      assertThat(store.read("shop", "production", T, T.plusSeconds(600))).isEmpty();
    }
  }
}
