package dev.conveyor.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.budget.MinuteEvents;
import dev.conveyor.core.budget.Objective;
import dev.conveyor.core.budget.SloConfig;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objectives' minutes read from rows in a real minute store. */
class ObjectiveMinutesTests {
  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final SloConfig SLOS =
      SloConfig.parse(
          """
          services:
            shop:
              objectives:
                - {name: available, kind: availability, target: 99%, latency: 500ms}
                - {name: fast, kind: latency, target: 99%, latency: 500ms}
                - {name: checkouts, kind: flow, route: POST /checkout, minPerMinute: 10, target: 90%}
                - {name: steady, kind: flow, route: POST /checkout, maxDrop: 50%, target: 90%}
          """,
          "slos.yaml");

  private static Objective objective(int i) {
    return SLOS.service(ServiceName.of("shop")).orElseThrow().objectives().get(i);
  }

  @Test
  void eachKind_countsItsOwnBadEvents() {
    List<MinuteRow> rows = new ArrayList<>();
    long[] checkouts = {20, 20, 4, 20, 9};
    for (int m = 0; m < 5; m++) {
      Instant minute = T.plusSeconds(60L * m);
      rows.add(
          new MinuteRow(
              minute, "shop", "production", "sha256:v1", "", 100, 2, 98, Map.of(500L, 3L)));
      rows.add(
          new MinuteRow(
              minute,
              "shop",
              "production",
              "sha256:v1",
              "POST /checkout",
              checkouts[m],
              0,
              checkouts[m],
              Map.of()));
    }
    try (MinuteStore store = MinuteStore.open(dir.resolve("metrics.db"))) {
      store.append(rows);
      ObjectiveMinutes source = ObjectiveMinutes.stored(store);
      ServiceName shop = ServiceName.of("shop");
      Instant end = T.plusSeconds(300);
      // availability: 5xx + slow = 2 + 3 per minute of 100.
      List<MinuteEvents> available =
          source.events(shop, EnvironmentName.PRODUCTION, objective(0), T, end);
      assertThat(available).extracting(MinuteEvents::bad).containsOnly(5L);
      // latency: the 3 slow per minute.
      assertThat(source.events(shop, EnvironmentName.PRODUCTION, objective(1), T, end))
          .extracting(MinuteEvents::bad)
          .containsOnly(3L);
      // flow under 10 a minute: the minutes with 4 and 9 are bad.
      assertThat(source.events(shop, EnvironmentName.PRODUCTION, objective(2), T, end))
          .extracting(MinuteEvents::bad)
          .containsExactly(0L, 0L, 1L, 0L, 0L + 1L);
      // more than 50% below the median (20): under 10 — the same two minutes.
      assertThat(source.events(shop, EnvironmentName.PRODUCTION, objective(3), T, end))
          .extracting(MinuteEvents::bad)
          .containsExactly(0L, 0L, 1L, 0L, 1L);
    }
  }
}
