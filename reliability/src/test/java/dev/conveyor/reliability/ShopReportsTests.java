package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.score.Coverage;
import dev.conveyor.core.score.JUnitReports;
import dev.conveyor.core.score.JacocoReport;
import dev.conveyor.core.score.LintFindings;
import dev.conveyor.core.score.LintReport;
import dev.conveyor.core.score.TestResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's report readers on the real reports of a real Maven build: the example shop's (see
 * examples/shop/pom.xml). This suite lives here, not in the shop, because the reactor builds the
 * shop (through {@code package}, where its reports are written) before this module's tests run; the
 * shop's own tests run before its coverage and lint reports exist.
 */
class ShopReportsTests {
  private static final String CONTRACT =
      "dev.conveyor.examples.shop.CheckoutContractTests.standardOrders_allSettle";

  private static Path shopTarget() {
    Path target = Path.of(System.getProperty("conveyor.shop.target", "../examples/shop/target"));
    assertThat(target.resolve("checkstyle-result.xml"))
        .as(
            "the shop's reports in %s; build them first with './mvnw -pl examples/shop package'",
            target)
        .isRegularFile();
    return target;
  }

  /** Every {@code TEST-*.xml} in {@code dir}, by file name. */
  private static Map<String, String> junitReports(Path dir) {
    Map<String, String> reports = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("TEST-") && name.endsWith(".xml")) {
          reports.put(name, Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reports;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void v1TestReports_everyTestPassed_scores100() {
    Map<String, String> reports = junitReports(shopTarget().resolve("surefire-reports"));

    TestResults results = JUnitReports.readAll(reports);

    assertThat(results.reports()).isEqualTo(reports.size()).isGreaterThan(1);
    assertThat(results.ran()).isGreaterThan(10);
    assertThat(results.failing()).isEmpty();
    assertThat(results.score()).isEqualTo(100);
    assertThat(results.evidence())
        .isEqualTo(
            results.ran()
                + " of "
                + results.ran()
                + " tests passed (0 failed, 0 errors, 0 skipped) in "
                + reports.size()
                + " reports");
    assertThat(reports).containsKey("TEST-dev.conveyor.examples.shop.CheckoutContractTests.xml");
  }

  @Test
  void v2TestReport_theContractFails_scoresBelow100_namingTheTest() {
    Map<String, String> reports = junitReports(shopTarget().resolve("surefire-reports-v2"));

    TestResults results = JUnitReports.readAll(reports);

    assertThat(results.score()).isLessThan(100);
    assertThat(results.failing()).containsExactly(CONTRACT);
    assertThat(results.evidence())
        .isEqualTo(
            "0 of 1 test passed (1 failed, 0 errors, 0 skipped) in 1 report; failing: " + CONTRACT);
  }

  @Test
  void jacocoReport_linesCoveredByTheShopsTests() {
    Path file = shopTarget().resolve("site/jacoco/jacoco.xml");

    Coverage coverage = JacocoReport.read(read(file), file.toString());

    assertThat(coverage.lines()).isGreaterThan(100);
    assertThat(coverage.covered()).isPositive();
    assertThat(coverage.percent()).isBetween(50.0, 100.0);
  }

  @Test
  void checkstyleReport_everyFindingCounted_bySeverity() {
    Path file = shopTarget().resolve("checkstyle-result.xml");
    String text = read(file);

    LintFindings findings = LintReport.read(text, file.toString());

    assertThat(findings.total()).isPositive();
    assertThat(findings.errors()).isEqualTo(count(text, "error"));
    assertThat(findings.warnings()).isEqualTo(count(text, "warning"));
    assertThat(findings.infos()).isEqualTo(count(text, "info"));
  }

  /** Findings of one severity, counted by a plain pattern rather than by the reader under test. */
  private static long count(String checkstyleXml, String severity) {
    return Pattern.compile("<error [^>]*severity=\"" + severity + "\"")
        .matcher(checkstyleXml)
        .results()
        .count();
  }
}
