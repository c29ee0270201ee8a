package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash suite's short form: the packaged server killed with SIGKILL in the middle of three
 * deployments of the example shop under load (bench/crash runs the long form).
 */
class CrashTests {
  @TempDir Path work;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void killedMidPlan_everyDeploymentResumesOrRollsBack_andNothingIsOrphaned() {
    CrashHarness harness =
        new CrashHarness(
            new CrashHarness.Settings(
                Path.of(System.getProperty("conveyor.jar")),
                Path.of(System.getProperty("conveyor.shop.artifacts")),
                work,
                20261122L,
                3,
                Duration.ofSeconds(12),
                100));

    CrashHarness.Result result = harness.run();
    System.out.println(result.describe());

    assertThat(result.violations()).as(result.describe()).isEmpty();
    assertThat(result.kills()).hasSize(3);
    assertThat(result.midPlan())
        .as("kills that landed mid-plan\n" + result.describe())
        .isPositive();
    assertThat(InstanceProcesses.under(harness.data())).isEmpty();
  }
}
