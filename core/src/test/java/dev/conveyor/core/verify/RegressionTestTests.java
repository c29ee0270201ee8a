package dev.conveyor.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RegressionTestTests {
  /** 100 candidate and 900 baseline requests: a 10% share. */
  private static final SplitCounts TEN_PERCENT = SplitCounts.of(100, 900);

  private static final double FAIL_AT = Math.log(100);

  private static RegressionTest test() {
    return new RegressionTest(Comparison.ERRORS);
  }

  @Nested
  class Failing {
    @Test
    void observe_oneCandidateError_movesTheMixtureByHand() {
      RegressionTest test = test();

      test.observe(TEN_PERCENT, SplitCounts.of(1, 0));

      // ln(0.9·(10/1.9) + 0.1·(2/1.1)): far from 1/α, so the bet is in full.
      assertThat(test.statistic())
          .isCloseTo(Math.log(0.9 * 10 / 1.9 + 0.1 * 2 / 1.1), within(1e-12));
      assertThat(test.statistic()).isCloseTo(1.5930361940502993, within(1e-12));
      assertThat(test.outcome()).isEqualTo(Outcome.RUNNING);
    }

    @Test
    void observe_nearTheBoundary_betsOnlyWhatTheLeastFailingOutcomeNeeds() {
      RegressionTest failing = test();
      RegressionTest surviving = test();
      failing.observe(TEN_PERCENT, SplitCounts.of(2, 0));
      surviving.observe(TEN_PERCENT, SplitCounts.of(2, 0));
      assertThat(failing.statistic()).isCloseTo(3.2292746268197794, within(1e-12));

      // A full bet would take one candidate error to 4.88 and one baseline error to 2.60. The
      // ratios are tilted to 10^s and 2^s, s = 0.776 (5.97× and 1.71×), so the candidate error
      // lands on ln 100 and the baseline error costs less.
      failing.observe(TEN_PERCENT, SplitCounts.of(1, 0));
      surviving.observe(TEN_PERCENT, SplitCounts.of(0, 1));

      assertThat(failing.statistic()).isCloseTo(FAIL_AT, within(1e-9));
      assertThat(failing.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(surviving.statistic()).isCloseTo(2.830682460071758, within(1e-9));
      assertThat(surviving.statistic()).isGreaterThan(2.5968930801594587); // the full bet's
      assertThat(surviving.outcome()).isEqualTo(Outcome.RUNNING);
    }

    @Test
    void observe_threeCandidateErrorsInOneSecond_fails() {
      RegressionTest test = test();

      test.observe(TEN_PERCENT, SplitCounts.of(3, 0));

      assertThat(test.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(test.statistic()).isGreaterThanOrEqualTo(FAIL_AT - 1e-9);
    }

    @Test
    void observe_oneSideWithoutRequests_learnsNothing() {
      RegressionTest test = test();

      test.observe(SplitCounts.of(100, 0), SplitCounts.of(5, 0));

      assertThat(test.statistic()).isCloseTo(0, within(1e-12)); // ln(0.9 + 0.1)
      assertThat(test.events()).isEqualTo(SplitCounts.of(5, 0));
    }

    @Test
    void observe_moreEventsThanRequests_failsNamingBoth() {
      assertThatThrownBy(() -> test().observe(SplitCounts.of(1, 9), SplitCounts.of(2, 0)))
          .hasMessage(
              "events (SplitCounts[candidate=2, baseline=0]) cannot outnumber requests"
                  + " (SplitCounts[candidate=1, baseline=9]) on either side");
    }
  }

  @Nested
  class Passing {
    @Test
    void observe_baselineErrorsOnly_passesOnlyThroughTheTwoTimesSprt() {
      RegressionTest test = test();

      // 5 baseline errors take a 10× SPRT to 5·ln(1/1.9) = −3.21, below Wald's lower boundary
      // (−2.99): a textbook SPRT at 10× would pass here. The 2× SPRT is at −0.48.
      test.observe(TEN_PERCENT, SplitCounts.of(0, 5));
      assertThat(test.relativeStatistic()).isCloseTo(5 * Math.log(0.9 / 1.1 / 0.9), within(1e-12));
      assertThat(test.outcome()).isEqualTo(Outcome.RUNNING);

      // It takes 32 in all: 32·ln((0.9/1.1)/0.9) = −3.05 ≤ ln 0.05 = −3.00.
      test.observe(TEN_PERCENT, SplitCounts.of(0, 26));
      assertThat(test.outcome()).isEqualTo(Outcome.RUNNING);
      test.observe(TEN_PERCENT, SplitCounts.of(0, 1));
      assertThat(test.relativeStatistic()).isLessThanOrEqualTo(Math.log(0.05));
      assertThat(test.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void observe_noErrorsAnywhere_passesThroughTheNegligibleRatioAfter5987Requests() {
      // Each error-free candidate request adds ln((1 − 0.0005)/(1 − 0.001)); ln 20 takes 5,987.
      RegressionTest test = test();

      test.observe(SplitCounts.of(5986, 50_000), SplitCounts.ZERO);
      assertThat(test.outcome()).isEqualTo(Outcome.RUNNING);
      test.observe(SplitCounts.of(1, 10), SplitCounts.ZERO);

      assertThat(test.absoluteStatistic()).isGreaterThanOrEqualTo(Math.log(20));
      assertThat(test.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void observe_failAfterPass_turnsIntoFail() {
      RegressionTest test = test();
      test.observe(TEN_PERCENT, SplitCounts.of(0, 40));
      assertThat(test.outcome()).isEqualTo(Outcome.PASS);

      test.observe(TEN_PERCENT, SplitCounts.of(8, 0));

      assertThat(test.outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void observe_tenTimesRegression_neverPasses() {
      SplittableRandom random = new SplittableRandom(11);
      for (int run = 0; run < 200; run++) {
        RegressionTest test = test();
        for (int second = 0; second < 600 && test.outcome() == Outcome.RUNNING; second++) {
          test.observe(
              TEN_PERCENT,
              SplitCounts.of(binomial(random, 100, 0.01), binomial(random, 900, 0.001)));
        }
        assertThat(test.outcome()).as("run %s", run).isEqualTo(Outcome.FAIL);
      }
    }
  }

  @Nested
  class Simulations {
    /**
     * A/A: 1,000 requests a second, 10% to the candidate, 0.1% errors on both, for 5 minutes. The
     * false-fail bound is α = 1% (Ville); allow for the noise of 400 runs (1% of 400 is 4; 8 or
     * more has a chance under 5% at 1%).
     */
    @Test
    void observe_identicalVersions_failsAboutAlphaOfTheTimeAtMost() {
      SplittableRandom random = new SplittableRandom(42);
      int runs = 400;
      int failed = 0;
      int passed = 0;
      for (int run = 0; run < runs; run++) {
        RegressionTest test = test();
        for (int second = 0; second < 300 && test.outcome() != Outcome.FAIL; second++) {
          test.observe(
              TEN_PERCENT,
              SplitCounts.of(binomial(random, 100, 0.001), binomial(random, 900, 0.001)));
        }
        failed += test.outcome() == Outcome.FAIL ? 1 : 0;
        passed += test.outcome() == Outcome.PASS ? 1 : 0;
      }

      assertThat(failed).isLessThan(8);
      assertThat(passed).isGreaterThan(runs * 9 / 10);
    }

    /** 10×: 0.1% → 1% at a 10% share; every run fails, and on average near Wald's bound. */
    @Test
    void observe_tenTimesRegression_failsEveryRunNearWaldsBound() {
      SplittableRandom random = new SplittableRandom(7);
      int runs = 300;
      long canaryRequests = 0;
      for (int run = 0; run < runs; run++) {
        RegressionTest test = test();
        int second = 0;
        while (test.outcome() != Outcome.FAIL) {
          test.observe(
              TEN_PERCENT,
              SplitCounts.of(binomial(random, 100, 0.01), binomial(random, 900, 0.001)));
          second++;
        }
        canaryRequests += 100L * second;
      }
      double bound = new WaldBound(0.01, 0.05, 0.1, 10).expectedCandidateRequests(0.001);

      // 1-second batches of 100 canary requests and whole-error steps keep it above the bound.
      assertThat(canaryRequests / (double) runs).isBetween(bound, 2 * bound);
    }
  }

  /** Successes in n Bernoulli(p) trials, exactly, by geometric jumps between successes. */
  static long binomial(SplittableRandom random, long n, double p) {
    double logFailure = Math.log1p(-p);
    long successes = 0;
    long trial = 0;
    while (true) {
      trial += (long) Math.floor(Math.log(1 - random.nextDouble()) / logFailure) + 1;
      if (trial > n) {
        return successes;
      }
      successes++;
    }
  }
}
