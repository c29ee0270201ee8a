package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SurveyScoreTests {
  @Test
  void score_isTheMeanMappedFrom1To5Onto0To100() {
    SurveyScore survey = SurveyScore.of(4, 5, 3, 4, 3);

    // mean 3.8; (3.8 − 1) / 4 × 100 = 70
    assertThat(survey.mean()).isEqualTo(3.8);
    assertThat(survey.score()).isCloseTo(70, within(1e-9));
    assertThat(survey.evidence()).isEqualTo("mean answer 3.8 of 5 from 5 answers");
  }

  @Test
  void score_extremes() {
    assertThat(SurveyScore.of(1, 1).score()).isZero();
    assertThat(SurveyScore.of(5).score()).isEqualTo(100);
  }

  @Test
  void answerOutOfRange_isRefusedNamingIt() {
    assertThatThrownBy(() -> SurveyScore.of(4, 7, 3))
        .hasMessage(
            "survey answer 2 of 3 is 7; answers are whole numbers from 1 (unhappy) to 5 (happy)");
    assertThatThrownBy(() -> SurveyScore.of(0))
        .hasMessage(
            "survey answer 1 of 1 is 0; answers are whole numbers from 1 (unhappy) to 5 (happy)");
  }

  @Test
  void noAnswers_isRefused() {
    assertThatThrownBy(() -> new SurveyScore(List.of()))
        .hasMessage("a survey needs at least one answer from 1 to 5");
  }
}
