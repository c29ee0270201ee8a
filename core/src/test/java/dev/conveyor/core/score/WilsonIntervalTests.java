package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTests {
  private static final double Z2 = WilsonInterval.Z_95 * WilsonInterval.Z_95; // 3.841459

  @Test
  void twoOfTen_matchesTheHandComputedInterval() {
    // p = 0.2, z² = 3.841459; denominator 1 + z²/10 = 1.3841459;
    // centre (0.2 + z²/20) / 1.3841459 = 0.39207295 / 1.3841459 = 0.2832598;
    // half z·√(0.2·0.8/10 + z²/400) / 1.3841459 = 1.959964·√0.02560365 / 1.3841459 = 0.2265777.
    WilsonInterval interval = WilsonInterval.of(2, 10);

    assertThat(interval.lower()).isCloseTo(0.0566821, within(1e-6));
    assertThat(interval.upper()).isCloseTo(0.5098375, within(1e-6));
  }

  @Test
  void threeOfFour_matchesTheHandComputedInterval() {
    // p = 0.75; denominator 1 + z²/4 = 1.9603648; centre (0.75 + z²/8) / 1.9603648 = 0.6275273;
    // half 1.959964·√(0.046875 + z²/64) / 1.9603648 = 0.3268855.
    WilsonInterval interval = WilsonInterval.of(3, 4);

    assertThat(interval.lower()).isCloseTo(0.3006418, within(1e-6));
    assertThat(interval.upper()).isCloseTo(0.9544127, within(1e-6));
  }

  @Test
  void none_startsAtZero_andEndsAtZSquaredOverNPlusZSquared() {
    // With no events the upper bound reduces to z² / (n + z²) = 3.841459 / 8.841459.
    WilsonInterval interval = WilsonInterval.of(0, 5);

    assertThat(interval.lower()).isZero();
    assertThat(interval.upper()).isCloseTo(Z2 / (5 + Z2), within(1e-12));
    assertThat(interval.upper()).isCloseTo(0.4344825, within(1e-6));
  }

  @Test
  void all_endsAtOne_andStartsAtNOverNPlusZSquared() {
    WilsonInterval interval = WilsonInterval.of(3, 3);

    assertThat(interval.upper()).isEqualTo(1);
    assertThat(interval.lower()).isCloseTo(3 / (3 + Z2), within(1e-12));
  }

  @Test
  void overlaps_whenTheyShareAValue() {
    assertThat(WilsonInterval.of(3, 3).overlaps(WilsonInterval.of(0, 2))).isTrue();
    assertThat(WilsonInterval.of(5, 5).overlaps(WilsonInterval.of(0, 5))).isFalse();
  }

  @Test
  void noTrials_orMoreEventsThanTrials_isRefused() {
    assertThatThrownBy(() -> WilsonInterval.of(0, 0))
        .hasMessage("an interval needs at least one trial, got 0");
    assertThatThrownBy(() -> WilsonInterval.of(4, 3))
        .hasMessage("events must be 0 to the 3 trials, got 4");
  }
}
