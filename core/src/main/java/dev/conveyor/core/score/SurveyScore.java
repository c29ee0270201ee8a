package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.util.Arrays;
import java.util.List;

/**
 * A team's weekly developer-happiness survey: answers from 1 (unhappy) to 5 (happy), scored as
 * {@code (mean − 1) / 4 × 100} so that all 1s score 0 and all 5s score 100. It scores the team and
 * is shown beside each artifact the team submits.
 */
public record SurveyScore(List<Integer> answers) {
  public SurveyScore {
    Preconditions.present(answers, "the survey's answers");
    Preconditions.check(!answers.isEmpty(), "a survey needs at least one answer from 1 to 5");
    for (int i = 0; i < answers.size(); i++) {
      Integer answer = answers.get(i);
      Preconditions.check(
          answer != null && answer >= 1 && answer <= 5,
          "survey answer %s of %s is %s; answers are whole numbers from 1 (unhappy) to 5 (happy)",
          i + 1,
          answers.size(),
          answer);
    }
    answers = List.copyOf(answers);
  }

  public static SurveyScore of(Integer... answers) {
    return new SurveyScore(Arrays.asList(answers));
  }

  public double mean() {
    return answers.stream().mapToInt(Integer::intValue).average().orElseThrow();
  }

  public double score() {
    return (mean() - 1) / 4 * 100;
  }

  /** E.g. {@code mean answer 3.8 of 5 from 5 answers}. */
  public String evidence() {
    return "mean answer "
        + Numbers.number(mean())
        + " of 5 from "
        + Numbers.count(answers.size(), "answer", "answers");
  }

  /** The {@code happiness} measure under {@code spec}. */
  public Measure measure(MeasureSpec spec) {
    spec.require(MeasureKind.HAPPINESS);
    return spec.measure(score(), evidence());
  }
}
