package dev.conveyor.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.json.Json;
import dev.conveyor.core.metrics.RequestCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AssessmentTests {
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

  private static Assessment failedOnErrors() {
    VerificationSpec spec =
        new VerificationSpec(
            Duration.ofMinutes(1),
            Duration.ofHours(1),
            200,
            OnInconclusive.APPROVE,
            Optional.of(Comparison.ERRORS),
            Optional.empty(),
            Optional.empty(),
            Limits.NONE);
    return Verification.start(spec, START, Reference.NONE)
        .observe(
            Observation.of(
                START,
                new RequestCounts(100, 97, 0, 0, 3, 0, 0),
                new RequestCounts(900, 900, 0, 0, 0, 0, 0)));
  }

  /** Every kind of evidence: both comparisons, a flow, and the three limits (p99 unmeasured). */
  private static Assessment everyKind() {
    VerificationSpec spec =
        new VerificationSpec(
            Duration.ofMinutes(1),
            Duration.ofHours(1),
            200,
            OnInconclusive.APPROVE,
            Optional.of(Comparison.ERRORS),
            Optional.of(new LatencyComparison(0.99, Comparison.LATENCY, Duration.ZERO)),
            Optional.of(FlowComparison.DEFAULT),
            new Limits(
                OptionalDouble.of(0.05),
                Optional.of(Duration.ofMillis(500)),
                Map.of("POST /checkout", 1.5)));
    Verification verification =
        Verification.start(
            spec, START, Reference.of(Duration.ofMillis(212), List.of("POST /checkout")));
    Assessment last = null;
    for (int i = 0; i < 3; i++) {
      last =
          verification.observe(
              Observation.of(
                      START.plusSeconds(i),
                      new RequestCounts(100, 99, 0, 0, 1, 0, 0),
                      new RequestCounts(900, 899, 0, 0, 1, 0, 0))
                  .withSlow(SplitCounts.of(1, 9))
                  .withSuccesses(Map.of("POST /checkout", SplitCounts.of(10, 90))));
    }
    return last;
  }

  @Test
  void toJson_failedOnErrors_isCompactAndCanonical() {
    assertThat(Json.write(failedOnErrors().toJson()))
        .isEqualTo(
            "{\"elapsed\":\"PT1S\",\"evidence\":[{\"absolute\":-2.0309,\"alpha\":0.01,"
                + "\"beta\":0.05,\"detect\":10,\"events\":{\"baseline\":0,\"candidate\":3},"
                + "\"failAt\":4.6052,\"judge\":\"errors\",\"kind\":\"comparison\","
                + "\"minRegression\":2,\"negligible\":0.001,\"outcome\":\"fail\",\"passAt\":-2.9957,"
                + "\"relative\":1.7935,\"requests\":{\"baseline\":900,\"candidate\":100},"
                + "\"statistic\":4.6052}],\"outcome\":\"fail\",\"reason\":\"errors: candidate"
                + " 3/100 (3.00%) vs baseline 0/900 (0.00%); log-LR 4.61 ≥ 4.61 → regression (α"
                + " 0.01)\",\"requests\":{\"baseline\":900,\"candidate\":100}}");
  }

  @Test
  void fromJson_everyKindOfEvidence_roundTrips() {
    Assessment assessment = everyKind();
    assertThat(assessment.evidence())
        .extracting(Evidence::judge)
        .containsExactly(
            "errors",
            "latency",
            "flow POST /checkout",
            "limit errorRatio",
            "limit p99",
            "limit flowPerSecond POST /checkout");

    String json = Json.write(assessment.toJson());
    Assessment read = Assessment.fromJson(Json.parseObject(json));

    assertThat(read).isEqualTo(assessment);
    assertThat(Json.write(read.toJson())).isEqualTo(json);
  }

  @Test
  void summary_everyKind_printsOneLinePerJudge() {
    assertThat(everyKind().summary())
        .isEqualTo(
            "RUNNING after 3s: waiting for errors, latency, the minimum duration of 1m\n"
                + "  running  errors: candidate 3/300 (1.00%) vs baseline 3/2,700 (0.11%), 9.00×"
                + " the baseline's; log-LR 2.92 < 4.61 to fail, 2× LLR 1.51 > −3.00 to pass →"
                + " running\n"
                + "  running  latency (slower than 212 ms): candidate 3/300 (1.00%) vs baseline"
                + " 27/2,700 (1.00%), 1.00× the baseline's; log-LR −2.68 < 4.61 to fail, 2× LLR"
                + " −0.78 > −3.00 to pass → running\n"
                + "  pass  flow POST /checkout: candidate 30 vs baseline 270 successes, 1.00× its"
                + " share; LLR −5.41 < 5.30 for below 0.5× its share → flowing\n"
                + "  pass  limit errorRatio: candidate 1.00% of 300 requests ≤ 5% → within\n"
                + "  running  limit p99: candidate not measured yet → waiting\n"
                + "  pass  limit flowPerSecond POST /checkout: candidate 100.00/s at full traffic"
                + " ≥ 1.5/s → within");
  }

  @Test
  void fromJson_unknownEvidenceKind_failsNamingIt() {
    String json = Json.write(failedOnErrors().toJson()).replace("\"comparison\"", "\"hunch\"");

    assertThatThrownBy(() -> Assessment.fromJson(Json.parseObject(json)))
        .hasMessage(
            "invalid assessment JSON: unknown evidence kind 'hunch'; expected comparison, flow or"
                + " limit");
  }

  @Test
  void fromJson_missingField_failsNamingIt() {
    String json = Json.write(failedOnErrors().toJson()).replace("\"failAt\"", "\"failsAt\"");

    assertThatThrownBy(() -> Assessment.fromJson(Json.parseObject(json)))
        .hasMessage("invalid assessment JSON: missing field 'failAt'");
  }
}
