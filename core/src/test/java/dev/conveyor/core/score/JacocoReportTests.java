package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JacocoReportTests {
  @Test
  void read_realFormat_takesTheReportLevelLineCounter() {
    Coverage coverage = JacocoReport.read(Fixtures.text("jacoco.xml"), "jacoco.xml");

    // Not the class's (1 missed, 9 covered) nor the package's: the report's own, 30 and 130.
    assertThat(coverage).isEqualTo(new Coverage(30, 130));
    assertThat(coverage.percent()).isEqualTo(81.25);
  }

  @Test
  void score_aboveTarget_isCappedAt100() {
    Coverage coverage = new Coverage(30, 130);

    assertThat(coverage.score(80)).isEqualTo(100);
    assertThat(coverage.evidence(80))
        .isEqualTo("81.25% of lines covered (130 of 160) against a target of 80%");
  }

  @Test
  void score_belowTarget_isTheRatioToIt() {
    Coverage coverage = new Coverage(30, 130);

    // 100 × 81.25 / 90 = 90.2777…
    assertThat(coverage.score(90)).isCloseTo(90.2778, within(1e-4));
    assertThat(new Coverage(280, 720).score(80)).isEqualTo(90);
  }

  @Test
  void read_reportWithoutClasses_scoresZeroAndSaysWhy() {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><!DOCTYPE report PUBLIC"
            + " \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"empty\">"
            + "<sessioninfo id=\"s\" start=\"1\" dump=\"2\"/></report>";

    Coverage coverage = JacocoReport.read(xml, "jacoco.xml");

    assertThat(coverage.score(80)).isZero();
    assertThat(coverage.evidence(80))
        .isEqualTo(
            "the report has no lines to cover, so this scores 0: were the classes compiled with"
                + " debug information, and did the tests run with the JaCoCo agent?");
  }

  @Test
  void read_badCount_namesTheAttributeAndValue() {
    String xml =
        "<report name=\"x\">\n  <counter type=\"LINE\" missed=\"-3\" covered=\"10\"/>\n</report>";

    assertThatThrownBy(() -> JacocoReport.read(xml, "jacoco.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            "jacoco.xml:2:50: the LINE counter's 'missed' must be a count of lines (0 or more),"
                + " got '-3'");
  }

  @Test
  void read_missingCount_saysWhichAttribute() {
    String xml = "<report name=\"x\"><counter type=\"LINE\" missed=\"3\"/></report>";

    assertThatThrownBy(() -> JacocoReport.read(xml, "jacoco.xml"))
        .hasMessage(
            "jacoco.xml:1:51: the LINE counter has no 'covered' attribute; JaCoCo always writes"
                + " one");
  }

  @Test
  void read_malformed_namesLineAndColumn() {
    String xml = Fixtures.text("jacoco.xml").replace("</report>", "</reprt>");

    assertThatThrownBy(() -> JacocoReport.read(xml, "jacoco.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("jacoco.xml:1:")
        .hasMessageEndingWith(
            ": malformed XML: The element type \"report\" must be terminated by the matching"
                + " end-tag \"</report>\".");
  }

  @Test
  void read_wrongRoot_saysWhatItExpected() {
    String name = "TEST-demo.CartTests.xml";

    assertThatThrownBy(() -> JacocoReport.read(Fixtures.text(name), name))
        .hasMessage(
            name
                + ":2:291: the root element is <testsuite>, expected <report>: this is not a"
                + " JaCoCo XML report (jacoco:report writes target/site/jacoco/jacoco.xml)");
  }

  @Test
  void read_xxe_isRefused() {
    String xml =
        "<!DOCTYPE report [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><report name=\"&xxe;\"/>";

    assertThatThrownBy(() -> JacocoReport.read(xml, "jacoco.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("the report declares the entity 'xxe'; entity declarations are");
  }

  @Test
  void measure_usesTheSpecsTarget() {
    Measure measure =
        new Coverage(30, 130).measure(MeasureSpec.of(MeasureKind.COVERAGE, 1).withTarget(90));

    assertThat(measure.score()).isCloseTo(90.2778, within(1e-4));
    assertThat(measure.evidence())
        .isEqualTo("81.25% of lines covered (130 of 160) against a target of 90%");
  }

  @Test
  void score_targetOutOfRange_isRefused() {
    assertThatThrownBy(() -> new Coverage(1, 1).score(0))
        .hasMessage("the coverage target must be a percentage above 0 and at most 100, got 0.0");
  }
}
