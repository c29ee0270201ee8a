package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LintReportTests {
  @Nested
  class Checkstyle {
    @Test
    void read_realFormat_countsBySeverityAndIgnoresIgnore() {
      LintFindings findings =
          LintReport.read(Fixtures.text("checkstyle-result.xml"), "checkstyle-result.xml");

      assertThat(findings).isEqualTo(new LintFindings(1, 2, 1));
      // 100 − (1 × 10 + 2 × 2 + 1 × 0) = 86
      assertThat(findings.score(LintPenalties.DEFAULT)).isEqualTo(86);
      assertThat(findings.evidence(LintPenalties.DEFAULT))
          .isEqualTo("1 error, 2 warnings, 1 info cost 14 points (error 10, warning 2, info 0)");
    }

    @Test
    void read_clean_scores100() {
      LintFindings findings =
          LintReport.readCheckstyle(
              "<checkstyle version=\"10.21.1\"><file name=\"A.java\"/></checkstyle>", "cs.xml");

      assertThat(findings.score(LintPenalties.DEFAULT)).isEqualTo(100);
      assertThat(findings.evidence(LintPenalties.DEFAULT)).isEqualTo("no lint findings");
    }

    @Test
    void read_parseException_countsAsError() {
      String xml =
          "<checkstyle><file name=\"A.java\"><exception><![CDATA[boom]]></exception></file>"
              + "</checkstyle>";

      assertThat(LintReport.readCheckstyle(xml, "cs.xml")).isEqualTo(new LintFindings(1, 0, 0));
    }

    @Test
    void read_unknownSeverity_namesIt() {
      String xml =
          "<checkstyle>\n<file name=\"A.java\">\n<error severity=\"fatal\" message=\"m\"/>\n"
              + "</file>\n</checkstyle>";

      assertThatThrownBy(() -> LintReport.read(xml, "cs.xml"))
          .isInstanceOf(ReportException.class)
          .hasMessage(
              "cs.xml:3:38: the severity 'fatal' is not one of Checkstyle's: error, warning,"
                  + " info, ignore");
    }

    @Test
    void read_wrongRoot_saysWhatItExpected() {
      assertThatThrownBy(() -> LintReport.read("<pmd version=\"7\"/>", "pmd.xml"))
          .hasMessage(
              "pmd.xml:1:19: the root element is <pmd>, expected <checkstyle>: this is not a"
                  + " Checkstyle XML report (checkstyle:check writes"
                  + " target/checkstyle-result.xml)");
    }

    @Test
    void read_malformed_namesLineAndColumn() {
      assertThatThrownBy(
              () -> LintReport.read("<checkstyle>\n<file name=\"A></checkstyle>", "cs.xml"))
          .isInstanceOf(ReportException.class)
          .hasMessageStartingWith("cs.xml:2:")
          .hasMessageContaining(": malformed XML: ");
    }

    @Test
    void read_xxe_isRefused() {
      String xml =
          "<!DOCTYPE checkstyle [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
              + "<checkstyle><file name=\"&xxe;\"/></checkstyle>";

      assertThatThrownBy(() -> LintReport.read(xml, "cs.xml"))
          .hasMessageContaining("the report declares the entity 'xxe'; entity declarations");
    }
  }

  @Nested
  class Sarif {
    @Test
    void read_realFormat_countsLevelsWithWarningAsDefault() {
      LintFindings findings = LintReport.read(Fixtures.text("results.sarif"), "results.sarif");

      // error, (no level → warning), note; the second run has no results.
      assertThat(findings).isEqualTo(new LintFindings(1, 1, 1));
      assertThat(findings.score(new LintPenalties(20, 5, 1))).isEqualTo(74);
    }

    @Test
    void read_noneLevelAndAbsentResults_countNothing() {
      String json =
          "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"level\":\"none\"}]},{\"tool\":{}}]}";

      assertThat(LintReport.readSarif(json, "a.sarif")).isEqualTo(LintFindings.NONE);
    }

    @Test
    void read_unknownLevel_namesItsPath() {
      String json = "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{},{\"level\":\"fatal\"}]}]}";

      assertThatThrownBy(() -> LintReport.read(json, "a.sarif"))
          .isInstanceOf(ReportException.class)
          .hasMessage(
              "a.sarif: runs[0].results[1].level is 'fatal'; SARIF levels are error, warning,"
                  + " note and none");
    }

    @Test
    void read_otherVersion_isRefusedWithTheFix() {
      assertThatThrownBy(() -> LintReport.read("{\"version\":\"2.0.0\",\"runs\":[]}", "a.sarif"))
          .hasMessage(
              "a.sarif: is SARIF version '2.0.0'; only 2.1.0 is read: re-run the analyser with its"
                  + " SARIF 2.1.0 output");
    }

    @Test
    void read_noRuns_saysSo() {
      assertThatThrownBy(() -> LintReport.read("{\"version\":\"2.1.0\"}", "a.sarif"))
          .hasMessage("a.sarif: has no \"runs\" array; a SARIF log lists its runs");
    }

    @Test
    void read_wrongShape_namesThePath() {
      assertThatThrownBy(
              () ->
                  LintReport.read("{\"version\":\"2.1.0\",\"runs\":[{\"results\":{}}]}", "a.sarif"))
          .hasMessage("a.sarif: runs[0].results must be an array, got an object");
    }

    @Test
    void read_malformedJson_namesLineAndColumn() {
      String json = "{\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\"results\": [}\n  ]\n}";

      assertThatThrownBy(() -> LintReport.read(json, "a.sarif"))
          .isInstanceOf(ReportException.class)
          .hasMessage("a.sarif:4:18: malformed JSON: unexpected character '}'");
    }

    @Test
    void read_jsonArray_isNotASarifLog() {
      assertThatThrownBy(() -> LintReport.readSarif("[]", "a.sarif"))
          .hasMessage(
              "a.sarif: a SARIF log is a JSON object with \"version\" and \"runs\", got an array");
    }
  }

  @Test
  void read_neitherFormat_saysWhatItTakes() {
    assertThatThrownBy(() -> LintReport.read("3 warnings", "lint.txt"))
        .hasMessage(
            "lint.txt: is neither Checkstyle XML (starting with '<') nor a SARIF log (a JSON"
                + " object starting with '{'); give the report checkstyle:check writes"
                + " (target/checkstyle-result.xml) or a .sarif file");
  }

  @Test
  void score_manyFindings_isFlooredAtZero() {
    LintFindings findings = new LintFindings(11, 0, 0);

    assertThat(findings.score(LintPenalties.DEFAULT)).isZero();
  }

  @Test
  void combining_addsCounts() {
    assertThat(new LintFindings(1, 2, 3).plus(new LintFindings(1, 1, 1)))
        .isEqualTo(new LintFindings(2, 3, 4));
  }

  @Test
  void measure_usesTheSpecsPenalties() {
    MeasureSpec spec =
        MeasureSpec.of(MeasureKind.LINT, 2).withPenalties(new LintPenalties(5, 1, 0));

    Measure measure = new LintFindings(2, 3, 4).measure(spec);

    assertThat(measure.score()).isEqualTo(87);
    assertThat(measure.weight()).isEqualTo(2);
  }

  @Test
  void penalties_negative_isRefused() {
    assertThatThrownBy(() -> new LintPenalties(10, -1, 0))
        .hasMessage("the lint penalty for warning must be 0 or more points per finding, got -1.0");
  }
}
