package dev.conveyor.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WaldBoundTests {
  private static final WaldBound TEN_TIMES = new WaldBound(0.01, 0.05, 0.1, 10);

  @Test
  void boundaries_alphaOnePercentBetaFivePercent_areWaldsLogs() {
    assertThat(TEN_TIMES.upper()).isCloseTo(Math.log(0.95 / 0.01), within(1e-12));
    assertThat(TEN_TIMES.upper()).isCloseTo(4.553876891600541, within(1e-12));
    assertThat(TEN_TIMES.lower()).isCloseTo(-2.9856819377004893, within(1e-12));
  }

  @Test
  void divergencePerEvent_tenTimesAtTenPercent_is0point57Nats() {
    assertThat(TEN_TIMES.alternativeShare()).isCloseTo(0.5263157894736842, within(1e-15));
    assertThat(TEN_TIMES.divergencePerEvent()).isCloseTo(0.5700330048771028, within(1e-12));
  }

  @Test
  void expectedEvents_tenTimes_isAboutSevenPointThreeErrors() {
    // (0.95·4.554 − 0.05·2.986) / 0.570
    assertThat(TEN_TIMES.expectedEvents()).isCloseTo(7.327468610411452, within(1e-9));
  }

  @Test
  void expectedCandidateRequests_baselineAtPointOnePercent_is386() {
    // 0.019 errors per canary request: its own 1% and 9 × the baseline's 0.1%.
    assertThat(TEN_TIMES.expectedCandidateRequests(0.001))
        .isCloseTo(385.65624265323424, within(1e-6));
  }

  @Test
  void expectedCandidateRequestsUnderNull_twoTimesTest_is11195() {
    WaldBound twoTimes = new WaldBound(0.01, 0.05, 0.1, 2);

    assertThat(twoTimes.divergenceUnderNull()).isCloseTo(0.025995461748330395, within(1e-12));
    assertThat(twoTimes.expectedCandidateRequestsUnderNull(0.001))
        .isCloseTo(11195.363166012608, within(1e-6));
  }

  @Test
  void new_alphaPlusBetaOfOne_failsNamingBoth() {
    assertThatThrownBy(() -> new WaldBound(0.5, 0.5, 0.1, 10))
        .hasMessage(
            "alpha and beta must be positive with alpha + beta below 1, got alpha 0.5 and beta"
                + " 0.5");
  }
}
