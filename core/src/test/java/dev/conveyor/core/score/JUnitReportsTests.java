package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JUnitReportsTests {
  private static final String PASSING = "TEST-dev.conveyor.core.fleet.NamesTests.xml";
  private static final String MIXED = "TEST-demo.CartTests.xml";

  @Test
  void read_realSurefireReportAllPassed_scores100() {
    TestResults results = JUnitReports.read(Fixtures.text(PASSING), PASSING);

    assertThat(results).isEqualTo(new TestResults(1, 5, 0, 0, 0, List.of()));
    assertThat(results.score()).isEqualTo(100);
    assertThat(results.evidence())
        .isEqualTo("5 of 5 tests passed (0 failed, 0 errors, 0 skipped) in 1 report");
  }

  @Test
  void read_realSurefireReportWithFailureErrorAndSkip_scoresPassedOverRan() {
    TestResults results = JUnitReports.read(Fixtures.text(MIXED), MIXED);

    // 5 test cases: 2 passed, 1 failure, 1 error, 1 skipped; 4 ran, so 2 / 4 = 50.
    assertThat(results)
        .isEqualTo(
            new TestResults(
                1,
                5,
                1,
                1,
                1,
                List.of(
                    "demo.CartTests.checkout_missingAddress_isRefused",
                    "demo.CartTests.total_discount_isApplied")));
    assertThat(results.score()).isEqualTo(50);
    assertThat(results.evidence())
        .isEqualTo(
            "2 of 4 tests passed (1 failed, 1 error, 1 skipped) in 1 report; failing:"
                + " demo.CartTests.checkout_missingAddress_isRefused,"
                + " demo.CartTests.total_discount_isApplied");
  }

  @Test
  void readAll_severalReports_combine() {
    Map<String, String> reports = new LinkedHashMap<>();
    reports.put(PASSING, Fixtures.text(PASSING));
    reports.put(MIXED, Fixtures.text(MIXED));

    TestResults results = JUnitReports.readAll(reports);

    // 10 cases, 1 skipped: 9 ran, 7 passed; 7 / 9 × 100 = 77.78.
    assertThat(results.ran()).isEqualTo(9);
    assertThat(results.passed()).isEqualTo(7);
    assertThat(results.score()).isCloseTo(77.7778, within(1e-4));
    assertThat(results.evidence())
        .startsWith("7 of 9 tests passed (1 failed, 1 error, 1 skipped) in 2 reports;");
  }

  @Test
  void read_testsuitesRootWithNestedSuites_countsEveryCase() {
    String xml =
        """
        <testsuites>
          <testsuite name="a">
            <testcase classname="A" name="one"/>
            <testcase classname="A" name="two"><failure message="boom"/></testcase>
          </testsuite>
          <testsuite name="b">
            <testsuite name="b.inner"><testcase classname="B" name="three"/></testsuite>
            <testcase classname="B" name="flaky"><flakyFailure message="once"/></testcase>
          </testsuite>
        </testsuites>
        """;

    TestResults results = JUnitReports.read(xml, "junit.xml");

    assertThat(results).isEqualTo(new TestResults(1, 4, 1, 0, 0, List.of("A.two")));
    assertThat(results.score()).isEqualTo(75);
  }

  @Test
  void evidence_manyFailures_namesThreeAndCountsTheRest() {
    TestResults results =
        new TestResults(1, 10, 5, 0, 0, List.of("A.a", "A.b", "A.c", "A.d", "A.e"));

    assertThat(results.evidence())
        .isEqualTo(
            "5 of 10 tests passed (5 failed, 0 errors, 0 skipped) in 1 report;"
                + " failing: A.a, A.b, A.c and 2 more");
  }

  @Test
  void read_noTestRan_scoresZeroAndSaysWhy() {
    String xml =
        """
        <testsuite name="Empty" tests="1">
          <testcase classname="A" name="later"><skipped/></testcase>
        </testsuite>
        """;

    TestResults results = JUnitReports.read(xml, "TEST-Empty.xml");

    assertThat(results.score()).isZero();
    assertThat(results.evidence())
        .isEqualTo(
            "no tests ran (1 skipped) in 1 report, so this scores 0: a build that ran no test"
                + " has shown nothing");
  }

  @Test
  void read_malformed_namesFileLineAndColumn() {
    String xml = "<testsuite>\n  <testcase name=\"a\">\n</testsuite>\n";

    assertThatThrownBy(() -> JUnitReports.read(xml, "TEST-A.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            "TEST-A.xml:3:3: malformed XML: The element type \"testcase\" must be terminated by"
                + " the matching end-tag \"</testcase>\".");
  }

  @Test
  void read_wrongRoot_saysWhatItExpected() {
    assertThatThrownBy(() -> JUnitReports.read(Fixtures.text("jacoco.xml"), "jacoco.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            "jacoco.xml:1:149: the root element is <report>, expected <testsuite> or"
                + " <testsuites>: this is not a JUnit XML report (Maven Surefire writes them to"
                + " target/surefire-reports/TEST-*.xml)");
  }

  @Test
  void read_xxe_isRefusedBeforeAnyFileIsRead() {
    assertThatThrownBy(() -> JUnitReports.read(Fixtures.XXE, "TEST-evil.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            "TEST-evil.xml:3:44: the report declares the entity 'xxe'; entity declarations are"
                + " refused because they can read local files or expand without bound (XXE);"
                + " no real report declares one");
  }

  @Test
  void combining_keepsCountsExact() {
    TestResults a = new TestResults(1, 3, 1, 0, 0, List.of("A.x"));
    TestResults b = new TestResults(1, 2, 0, 1, 1, List.of("B.y"));

    assertThat(TestResults.NONE.plus(a).plus(b))
        .isEqualTo(new TestResults(2, 5, 1, 1, 1, List.of("A.x", "B.y")));
  }

  @Test
  void measure_underTheTestsSpec_carriesWeightAndVeto() {
    MeasureSpec spec = MeasureSpec.of(MeasureKind.TESTS, 3).vetoBelow(100);
    Measure measure = JUnitReports.read(Fixtures.text(MIXED), MIXED).measure(spec);

    assertThat(measure.name()).isEqualTo("tests");
    assertThat(measure.score()).isEqualTo(50);
    assertThat(measure.weight()).isEqualTo(3);
    assertThat(measure.vetoes()).isTrue();
  }

  @Test
  void measure_underAnotherSpec_isRefused() {
    assertThatThrownBy(() -> TestResults.NONE.measure(MeasureSpec.of(MeasureKind.LINT, 1)))
        .hasMessage("cannot score tests with the spec of measure 'lint'; use the 'tests' spec");
  }
}
