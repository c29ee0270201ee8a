package dev.conveyor.server.budget;

import static dev.conveyor.server.testing.FleetFixture.ALICE;
import static dev.conveyor.server.testing.FleetFixture.CAUSE;
import static dev.conveyor.server.testing.FleetFixture.FLEET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.server.testing.FleetFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's reading: minutes not recorded yet come live from the router, recorded ones from
 * the store, and a minute is never counted from both.
 */
class MinuteRecorderTests {
  @TempDir Path dir;

  private static long requests(List<MinuteRow> rows) {
    return rows.stream().filter(r -> r.route().isEmpty()).mapToLong(MinuteRow::requests).sum();
  }

  @Test
  void theRunningMinute_isReadLive_thenFromTheStoreOnceRecorded_neverTwice() throws Exception {
    try (FleetFixture fleet = new FleetFixture(dir);
        MinuteStore store = MinuteStore.open(dir.resolve("metrics.db"));
        MinuteRecorder recorder =
            new MinuteRecorder(
                fleet.history,
                fleet.router,
                store,
                Set.of(Duration.ofMillis(500)),
                Duration.ofDays(4),
                InstantSource.system())) {
      ArtifactId v1 = fleet.push("v1", "20s", "fail-rate=0.25");
      InstanceId id = fleet.operator.launch(FLEET, v1, ALICE, CAUSE);
      fleet.operator.change(id, ActivationState.ACTIVE, 10_000, "serve", ALICE, CAUSE);
      Instant before = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
      int failed = 0;
      for (int i = 0; i < 30; i++) {
        if (fleet.viaRouter("/same").statusCode() == 500) {
          failed++;
        }
      }
      Thread.sleep(2_100); // the router files a second up to 2 s after it ends
      Instant to = Instant.now();

      List<MinuteRow> live = recorder.read(FLEET, before, to);
      assertThat(store.read("checkout", "production", before, to)).isEmpty();
      assertThat(requests(live)).isEqualTo(30);
      assertThat(live.stream().filter(r -> r.route().isEmpty()).mapToLong(MinuteRow::errors).sum())
          .isEqualTo(failed);
      assertThat(live).allMatch(r -> r.artifact().equals(v1.value()));

      Instant thisMinute = to.truncatedTo(ChronoUnit.MINUTES);
      recorder.recordMinute(thisMinute.minus(Duration.ofMinutes(1)));
      recorder.recordMinute(thisMinute);
      assertThat(requests(store.read("checkout", "production", before, to))).isEqualTo(30);
      assertThat(requests(recorder.read(FLEET, before, to))).isEqualTo(30);
      // A window starting mid-minute leaves that minute out, as the budget arithmetic does.
      assertThat(recorder.read(FLEET, thisMinute.plusSeconds(1), to)).isEmpty();
    }
  }

  @Test
  void anInstanceStoppedWithinTheMinute_isStillCounted_liveAndWhenRecorded() throws Exception {
    try (FleetFixture fleet = new FleetFixture(dir);
        MinuteStore store = MinuteStore.open(dir.resolve("metrics.db"));
        MinuteRecorder recorder =
            new MinuteRecorder(
                fleet.history,
                fleet.router,
                store,
                Set.of(),
                Duration.ofDays(4),
                InstantSource.system())) {
      ArtifactId v1 = fleet.push("v1", "20s", "fail-rate=0.25");
      // Launched, served and stopped between two readings: only the history's events know it.
      InstanceId id = fleet.operator.launch(FLEET, v1, ALICE, CAUSE);
      fleet.operator.change(id, ActivationState.ACTIVE, 10_000, "serve", ALICE, CAUSE);
      Instant before = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
      for (int i = 0; i < 20; i++) {
        fleet.viaRouter("/same");
      }
      Thread.sleep(2_100);
      fleet.operator.deactivate(id, "rolled back", ALICE, CAUSE);
      assertThat(fleet.history.current().instance(id)).isEmpty();
      Instant to = Instant.now();

      assertThat(requests(recorder.read(FLEET, before, to))).isEqualTo(20);
      Instant thisMinute = to.truncatedTo(ChronoUnit.MINUTES);
      recorder.recordMinute(thisMinute.minus(Duration.ofMinutes(1)));
      recorder.recordMinute(thisMinute);
      assertThat(requests(store.read("checkout", "production", before, to))).isEqualTo(20);
    }
  }
}
