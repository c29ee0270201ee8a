package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulationResultTests {
  @Test
  void of_exitZero_scores100WithTheLastLine() {
    SimulationResult result =
        SimulationResult.of(0, "loading 50 orders\nsettling\n50 of 50 orders settled\n\n  \n");

    assertThat(result.score()).isEqualTo(100);
    assertThat(result.evidence()).isEqualTo("50 of 50 orders settled");
  }

  @Test
  void of_nonZeroExit_scores0AndShowsTheCode() {
    SimulationResult result = SimulationResult.of(2, "48 of 50 orders settled, 2 refused\r\n");

    assertThat(result.score()).isZero();
    assertThat(result.evidence()).isEqualTo("exited with 2: 48 of 50 orders settled, 2 refused");
  }

  @Test
  void of_noOutput_saysSo() {
    assertThat(SimulationResult.of(137, "").evidence())
        .isEqualTo("exited with 137: printed nothing");
  }

  @Test
  void of_longLine_isCut() {
    SimulationResult result = SimulationResult.of(0, "x".repeat(500));

    assertThat(result.summary()).hasSize(SimulationResult.MAX_SUMMARY + 3).endsWith("...");
  }
}
