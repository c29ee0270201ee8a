package dev.conveyor.core.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads JUnit XML test reports, the format Maven Surefire writes to {@code
 * target/surefire-reports/TEST-*.xml} (and Gradle, pytest and others imitate).
 *
 * <p>The root is {@code <testsuite>} or {@code <testsuites>}; suites may nest. Each {@code
 * <testcase>} counts once: failed if it holds a {@code <failure>}, else errored if it holds an
 * {@code <error>}, else skipped if it holds a {@code <skipped>}, else passed. A flaky test (only
 * {@code <flakyFailure>} or {@code <flakyError>}, passed on a rerun) counts as passed. The suites'
 * own {@code tests=}/{@code failures=} totals are not trusted: the test cases are counted.
 */
public final class JUnitReports {
  private JUnitReports() {}

  /**
   * The results in one report.
   *
   * @param name how errors name the report, usually its file name
   * @throws ReportException when the text is not well-formed, safe XML with a JUnit root
   */
  public static TestResults read(String text, String name) {
    XmlElement root =
        SecureXml.parseReport(
            text,
            name,
            "a JUnit XML report",
            "Maven Surefire writes them to target/surefire-reports/TEST-*.xml",
            "testsuite",
            "testsuites");
    Tally tally = new Tally();
    tally.suite(root);
    return new TestResults(
        1, tally.tests, tally.failures, tally.errors, tally.skipped, tally.failing);
  }

  /** The results of several reports together, e.g. every {@code TEST-*.xml} of a build. */
  public static TestResults readAll(Map<String, String> textByName) {
    TestResults sum = TestResults.NONE;
    for (Map.Entry<String, String> report : textByName.entrySet()) {
      sum = sum.plus(read(report.getValue(), report.getKey()));
    }
    return sum;
  }

  private static final class Tally {
    long tests;
    long failures;
    long errors;
    long skipped;
    final List<String> failing = new ArrayList<>();

    void suite(XmlElement suite) {
      for (XmlElement child : suite.children()) {
        switch (child.name()) {
          case "testsuite", "testsuites" -> suite(child);
          case "testcase" -> testCase(child);
          default -> {
            // properties, system-out, system-err: nothing to count
          }
        }
      }
    }

    void testCase(XmlElement testCase) {
      tests++;
      if (testCase.has("failure")) {
        failures++;
        name(testCase);
      } else if (testCase.has("error")) {
        errors++;
        name(testCase);
      } else if (testCase.has("skipped")) {
        skipped++;
      }
    }

    void name(XmlElement testCase) {
      if (failing.size() < TestResults.MAX_NAMED) {
        String method = testCase.attribute("name").orElse("(unnamed)");
        failing.add(testCase.attribute("classname").map(c -> c + "." + method).orElse(method));
      }
    }
  }
}
