package dev.conveyor.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.ReviewVerdict;
import dev.conveyor.core.score.SurveyWeek;
import dev.conveyor.core.testing.Events;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The canonical encoding and summaries of {@link ArtifactReviewed}, {@link SurveyRecorded} and
 * {@link BudgetAlerted}.
 */
class ReviewSurveyCodecTests {
  private static final ServiceName CHECKOUT = ServiceName.of("checkout");

  @Test
  void budgetAlerted_isEncodedCanonically_roundTrips_andSummarises() {
    BudgetAlerted paged =
        new BudgetAlerted(
            CHECKOUT,
            "availability",
            dev.conveyor.core.budget.BurnWindow.Level.PAGE,
            dev.conveyor.core.budget.BurnWindow.Level.OK,
            "burning 20.0× over 1h and 25.0× over 5m (page at 1h & 5m ≥ 14.4×)");
    assertThat(EventCodec.encodeBody(paged))
        .isEqualTo(
            "{\"level\":\"page\",\"objective\":\"availability\",\"previous\":\"ok\","
                + "\"reason\":\"burning 20.0× over 1h and 25.0× over 5m (page at 1h & 5m ≥ 14.4×)\","
                + "\"service\":\"checkout\",\"type\":\"budget_alerted\"}");
    assertThat(EventCodec.decodeBody(EventCodec.encodeBody(paged))).isEqualTo(paged);
    assertThat(EventSummary.of(paged))
        .isEqualTo(
            "budget alert of checkout/availability: page (was ok): burning 20.0× over 1h and"
                + " 25.0× over 5m (page at 1h & 5m ≥ 14.4×)");
    BudgetAlerted resolved =
        new BudgetAlerted(
            CHECKOUT,
            "availability",
            dev.conveyor.core.budget.BurnWindow.Level.OK,
            dev.conveyor.core.budget.BurnWindow.Level.PAGE,
            "99.0% of the budget left; no burn-rate alert fires");
    assertThat(EventSummary.of(resolved))
        .isEqualTo(
            "budget alert of checkout/availability resolved (was page): 99.0% of the budget left;"
                + " no burn-rate alert fires");
    assertThatThrownBy(
            () ->
                EventCodec.decodeBody(EventCodec.encodeBody(paged).replace("\"page\"", "\"loud\"")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("a budget alert level must be ok, ticket, page or exhausted, got 'loud'");
  }

  @Test
  void artifactReviewed_isEncodedCanonically_andRoundTrips() {
    ArtifactReviewed reviewed =
        new ArtifactReviewed(
            Events.artifactId("v1"), CHECKOUT, "bob", ReviewVerdict.APPROVED, "looks good");
    assertThat(EventCodec.encodeBody(reviewed))
        .isEqualTo(
            "{\"artifact\":\""
                + Events.artifactId("v1").value()
                + "\",\"comment\":\"looks good\",\"reviewer\":\"bob\",\"service\":\"checkout\","
                + "\"type\":\"artifact_reviewed\",\"verdict\":\"approved\"}");
    assertThat(EventCodec.decodeBody(EventCodec.encodeBody(reviewed))).isEqualTo(reviewed);
  }

  @Test
  void artifactReviewed_withoutComment_leavesItOut() {
    ArtifactReviewed reviewed =
        new ArtifactReviewed(
            Events.artifactId("v1"), CHECKOUT, "bob", ReviewVerdict.CHANGES_REQUESTED, null);
    assertThat(EventCodec.encodeBody(reviewed))
        .isEqualTo(
            "{\"artifact\":\""
                + Events.artifactId("v1").value()
                + "\",\"reviewer\":\"bob\",\"service\":\"checkout\","
                + "\"type\":\"artifact_reviewed\",\"verdict\":\"changes_requested\"}");
    assertThat(EventCodec.decodeBody(EventCodec.encodeBody(reviewed))).isEqualTo(reviewed);
    assertThat(EventSummary.of(reviewed))
        .isEqualTo(
            "artifact "
                + Events.artifactId("v1").shortForm()
                + " of checkout sent back for changes by bob");
  }

  @Test
  void artifactReviewed_summary_namesVerdictReviewerAndComment() {
    ArtifactReviewed reviewed =
        new ArtifactReviewed(
            Events.artifactId("v1"), CHECKOUT, "bob", ReviewVerdict.APPROVED, "looks good");
    assertThat(EventSummary.of(reviewed))
        .isEqualTo(
            "artifact "
                + Events.artifactId("v1").shortForm()
                + " of checkout approved by bob: looks good");
  }

  @Test
  void surveyRecorded_isEncodedCanonically_andRoundTrips() {
    SurveyRecorded survey =
        new SurveyRecorded(CHECKOUT, SurveyWeek.of("2026-W47"), List.of(4, 5, 3, 4));
    assertThat(EventCodec.encodeBody(survey))
        .isEqualTo(
            "{\"answers\":[4,5,3,4],\"service\":\"checkout\",\"type\":\"survey_recorded\","
                + "\"week\":\"2026-W47\"}");
    assertThat(EventCodec.decodeBody(EventCodec.encodeBody(survey))).isEqualTo(survey);
    assertThat(EventSummary.of(survey))
        .isEqualTo("survey of checkout for 2026-W47: mean answer 4 of 5 from 4 answers");
  }

  @Test
  void surveyRecorded_answerOutOfRange_isRefusedWithSurveyScoresMessage() {
    assertThatThrownBy(() -> new SurveyRecorded(CHECKOUT, SurveyWeek.of("2026-W47"), List.of(4, 6)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "survey answer 2 of 2 is 6; answers are whole numbers from 1 (unhappy) to 5 (happy)");
  }

  @Test
  void surveyWeek_badForms_sayHowToWriteIt() {
    assertThatThrownBy(() -> SurveyWeek.of("2026-47"))
        .hasMessage(
            "survey week '2026-47' is not an ISO week; write it as YYYY-Www, e.g. 2026-W47");
    assertThatThrownBy(() -> SurveyWeek.of("2025-W53"))
        .hasMessage("survey week '2025-W53' does not exist: 2025 has weeks 01 to 52");
    assertThat(SurveyWeek.containing(java.time.LocalDate.of(2026, 11, 22)))
        .isEqualTo(SurveyWeek.of("2026-W47"));
  }
}
