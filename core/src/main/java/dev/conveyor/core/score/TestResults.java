package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * What JUnit XML reports say about one build's tests: how many there were, how many failed (an
 * assertion did not hold), errored (the test threw), or were skipped, and which ones failed.
 *
 * <p>The score is the pass ratio of the tests that ran: {@code passed / (tests − skipped) × 100}.
 * When no test ran the score is 0, not 100: a build that tested nothing has shown nothing.
 *
 * @param reports how many reports were read
 * @param tests every test case, skipped ones included (Surefire's "Tests run")
 * @param failing the first {@link #MAX_NAMED} failing or erroring tests, as {@code Class.method}
 */
public record TestResults(
    int reports, long tests, long failures, long errors, long skipped, List<String> failing) {
  /** Failing tests named in the evidence; the rest are counted. */
  public static final int MAX_NAMED = 3;

  /** No reports read yet: the start of a sum. */
  public static final TestResults NONE = new TestResults(0, 0, 0, 0, 0, List.of());

  public TestResults {
    Preconditions.check(
        reports >= 0 && tests >= 0 && failures >= 0 && errors >= 0 && skipped >= 0,
        "test counts are 0 or more, got %s reports, %s tests, %s failures, %s errors, %s skipped",
        reports,
        tests,
        failures,
        errors,
        skipped);
    Preconditions.check(
        failures + errors + skipped <= tests,
        "%s failures, %s errors and %s skipped are more than the %s tests",
        failures,
        errors,
        skipped,
        tests);
    failing = List.copyOf(failing.subList(0, Math.min(MAX_NAMED, failing.size())));
  }

  /** These results and {@code other}'s, as if from one build. */
  public TestResults plus(TestResults other) {
    List<String> names = new ArrayList<>(failing);
    names.addAll(other.failing);
    return new TestResults(
        reports + other.reports,
        tests + other.tests,
        failures + other.failures,
        errors + other.errors,
        skipped + other.skipped,
        names);
  }

  /** The tests that ran: not skipped. */
  public long ran() {
    return tests - skipped;
  }

  public long passed() {
    return tests - failures - errors - skipped;
  }

  /** {@code passed / ran × 100}, or 0 when no test ran. */
  public double score() {
    return ran() == 0 ? 0 : 100.0 * passed() / ran();
  }

  /** E.g. {@code 2 of 4 tests passed (1 failed, 1 error, 1 skipped) in 1 report; failing: …}. */
  public String evidence() {
    String in = " in " + Numbers.count(reports, "report", "reports");
    if (ran() == 0) {
      return "no tests ran ("
          + Numbers.count(skipped)
          + " skipped)"
          + in
          + ", so this scores 0: a build that ran no test has shown nothing";
    }
    StringBuilder out =
        new StringBuilder()
            .append(Numbers.count(passed()))
            .append(" of ")
            .append(Numbers.count(ran(), "test", "tests"))
            .append(" passed (")
            .append(Numbers.count(failures))
            .append(" failed, ")
            .append(Numbers.count(errors, "error", "errors"))
            .append(", ")
            .append(Numbers.count(skipped))
            .append(" skipped)")
            .append(in);
    long unnamed = failures + errors - failing.size();
    if (!failing.isEmpty()) {
      out.append("; failing: ").append(String.join(", ", failing));
      if (unnamed > 0) {
        out.append(" and ").append(Numbers.count(unnamed)).append(" more");
      }
    }
    return out.toString();
  }

  /** The {@code tests} measure these results make under {@code spec}. */
  public Measure measure(MeasureSpec spec) {
    spec.require(MeasureKind.TESTS);
    return spec.measure(score(), evidence());
  }
}
