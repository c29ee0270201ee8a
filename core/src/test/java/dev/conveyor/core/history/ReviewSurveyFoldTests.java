package dev.conveyor.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.event.ArtifactReviewed;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.SurveyRecorded;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.ReviewVerdict;
import dev.conveyor.core.score.SurveyWeek;
import dev.conveyor.core.testing.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reviews per artifact and the latest survey per service and week, folded and snapshotted. */
class ReviewSurveyFoldTests {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final ServiceName CHECKOUT = ServiceName.of("checkout");

  private static SystemState fold(Event... events) {
    List<RecordedEvent> out = new ArrayList<>();
    HashChain.Head head = HashChain.Head.EMPTY;
    for (int i = 0; i < events.length; i++) {
      HashChain.Sealed sealed = HashChain.seal(head, Events.draft(events[i]), T0.plusSeconds(i));
      out.add(sealed.recorded());
      head = sealed.head();
    }
    return SystemState.empty().fold(out);
  }

  private static ArtifactReviewed review(String reviewer, ReviewVerdict verdict) {
    return new ArtifactReviewed(
        Events.artifactId("checkout:v1"), CHECKOUT, reviewer, verdict, null);
  }

  private static SurveyRecorded survey(String week, Integer... answers) {
    return new SurveyRecorded(CHECKOUT, SurveyWeek.of(week), List.of(answers));
  }

  @Test
  void reviews_areKeptPerArtifactInOrder() {
    ArtifactReviewed first = review("bob", ReviewVerdict.APPROVED);
    ArtifactReviewed second = review("carol", ReviewVerdict.CHANGES_REQUESTED);
    SystemState state = fold(Events.registered("checkout", "v1"), first, second);
    assertThat(state.reviews(Events.artifactId("checkout:v1"))).containsExactly(first, second);
    assertThat(state.reviews(Events.artifactId("checkout:v2"))).isEmpty();
  }

  @Test
  void review_ofUnregisteredArtifact_saysToPushIt() {
    assertThatThrownBy(() -> fold(review("bob", ReviewVerdict.APPROVED)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "artifact "
                + Events.artifactId("checkout:v1")
                + " is not registered; push it first with 'conveyor artifact push'");
  }

  @Test
  void surveys_keepTheLatestPerWeek_andTheLatestWeekIsTheGreatest() {
    SurveyRecorded w47 = survey("2026-W47", 4, 4);
    SurveyRecorded w46 = survey("2026-W46", 1, 1);
    SurveyRecorded w47again = survey("2026-W47", 5, 5, 3);
    SystemState state = fold(w47, w46, w47again);
    assertThat(state.pipeline().surveys(CHECKOUT))
        .containsOnlyKeys(SurveyWeek.of("2026-W46"), SurveyWeek.of("2026-W47"));
    assertThat(state.latestSurvey(CHECKOUT)).contains(w47again);
    assertThat(state.latestSurvey(ServiceName.of("cart"))).isEmpty();
  }

  @Test
  void snapshot_keepsReviewsAndSurveys() {
    SystemState state =
        fold(
            Events.registered("checkout", "v1"),
            review("bob", ReviewVerdict.APPROVED),
            survey("2026-W47", 4, 5));
    SystemState restored = StateCodec.restore(StateCodec.snapshot(state));
    assertThat(restored.reviews(Events.artifactId("checkout:v1")))
        .isEqualTo(state.reviews(Events.artifactId("checkout:v1")));
    assertThat(restored.latestSurvey(CHECKOUT)).isEqualTo(state.latestSurvey(CHECKOUT));
    assertThat(StateCodec.encode(restored)).isEqualTo(StateCodec.encode(state));
  }
}
