package dev.conveyor.core.event;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.SurveyScore;
import dev.conveyor.core.score.SurveyWeek;
import java.util.List;

/**
 * A team's weekly developer-happiness survey was recorded for its service: the ISO week and the
 * answers from 1 to 5. A later survey for the same service and week replaces it.
 */
public record SurveyRecorded(ServiceName service, SurveyWeek week, List<Integer> answers)
    implements Event {
  public SurveyRecorded {
    Preconditions.present(service, "service");
    Preconditions.present(week, "the survey's week");
    // SurveyScore checks the answers and says what is wrong with them.
    answers = new SurveyScore(answers).answers();
  }

  /** The survey's score. */
  public SurveyScore score() {
    return new SurveyScore(answers);
  }
}
