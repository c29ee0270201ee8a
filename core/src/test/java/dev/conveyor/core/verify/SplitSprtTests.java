package dev.conveyor.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.conveyor.core.InvalidInputException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SplitSprtTests {
  // At a 10% share and r = 10: π₁ = 1/1.9, so a candidate event adds ln(10/1.9) and a baseline
  // event ln((0.9/1.9)/0.9) = ln(1/1.9).
  private static final double UP = Math.log(10 / 1.9);
  private static final double DOWN = Math.log(1 / 1.9);

  @Nested
  class Increments {
    @Test
    void alternativeShare_tenTimesAtTenPercent_isOneOverOnePointNine() {
      assertThat(SplitSprt.alternativeShare(10, 0.1)).isCloseTo(1 / 1.9, within(1e-15));
    }

    @Test
    void increment_oneCandidateEvent_isLnOfTenOverOnePointNine() {
      assertThat(SplitSprt.increment(10, 0.1, 1, 0)).isCloseTo(1.6607312068216509, within(1e-12));
      assertThat(SplitSprt.increment(10, 0.1, 0, 1)).isCloseTo(-0.6418538861723948, within(1e-12));
    }

    @Test
    void increment_noEventsOrOneSideWithoutRequests_isZero() {
      assertThat(SplitSprt.increment(10, 0.1, 0, 0)).isZero();
      assertThat(SplitSprt.increment(10, 0, 0, 5)).isZero();
      assertThat(SplitSprt.increment(10, 1, 5, 0)).isZero();
      assertThat(SplitSprt.increment(10, Double.NaN, 1, 1)).isZero();
    }
  }

  @Nested
  class Sequences {
    @Test
    void observe_threeSecondsAtTenPercent_sumsTheHandComputedIncrements() {
      SplitSprt test = SplitSprt.of(10).observe(0.1, 1, 0).observe(0.1, 0, 2).observe(0.1, 2, 1);

      // 3 candidate events and 3 baseline events: 3·ln(10/1.9) + 3·ln(1/1.9) = 3.0566...
      assertThat(test.llr()).isCloseTo(3 * UP + 3 * DOWN, within(1e-12));
      assertThat(test.llr()).isCloseTo(3.056631961947768, within(1e-12));
      assertThat(test.events()).isEqualTo(SplitCounts.of(3, 3));
    }

    @Test
    void observe_splitChangesBetweenSeconds_usesEachSecondsShare() {
      // Second 1 at 10%: one candidate event. Second 2 at 50% (π₁ = 5/5.5): one event each.
      SplitSprt test = SplitSprt.of(10).observe(0.1, 1, 0).observe(0.5, 1, 1);

      double second = Math.log((5 / 5.5) / 0.5) + Math.log((0.5 / 5.5) / 0.5);
      assertThat(test.llr()).isCloseTo(UP + second, within(1e-12));
      assertThat(test.llr()).isCloseTo(0.5538201153388465, within(1e-12));
    }

    @Test
    void observe_ratioBelowOne_growsWhenTheCandidateGetsLessThanItsShare() {
      SplitSprt drop = SplitSprt.of(0.5).observe(0.1, 0, 100);

      // π₁ = 0.05/0.95; each baseline event adds ln((0.9/0.95)/0.9) = ln(1/0.95).
      assertThat(drop.llr()).isCloseTo(100 * Math.log(1 / 0.95), within(1e-9));
    }
  }

  @Nested
  class Validation {
    @Test
    void of_ratioOfOne_failsNamingTheRule() {
      assertThatThrownBy(() -> SplitSprt.of(1))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("the ratio of an SPRT must be a positive number other than 1, got 1.0");
    }

    @Test
    void of_negativeRatio_fails() {
      assertThatThrownBy(() -> SplitSprt.of(-2))
          .hasMessage("the ratio of an SPRT must be a positive number other than 1, got -2.0");
    }

    @Test
    void splitCounts_negative_failsNamingBoth() {
      assertThatThrownBy(() -> SplitCounts.of(-1, 3))
          .hasMessage("counts must not be negative, got candidate -1 and baseline 3");
    }
  }
}
