package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week, e.g. {@code 2026-W47}: the week a developer-happiness survey was taken. Weeks
 * of the same form order as text, so the latest week is the greatest.
 */
public record SurveyWeek(String value) implements Comparable<SurveyWeek> {
  private static final Pattern FORM = Pattern.compile("(\\d{4})-W(\\d{2})");

  public SurveyWeek {
    Preconditions.present(value, "the survey's week");
    var match = FORM.matcher(value);
    Preconditions.check(
        match.matches(),
        "survey week '%s' is not an ISO week; write it as YYYY-Www, e.g. 2026-W47",
        value);
    int year = Integer.parseInt(match.group(1));
    int week = Integer.parseInt(match.group(2));
    long weeks = LocalDate.of(year, 6, 1).range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
    Preconditions.check(
        week >= 1 && week <= weeks,
        "survey week '%s' does not exist: %s has weeks 01 to %s",
        value,
        year,
        weeks);
  }

  public static SurveyWeek of(String value) {
    return new SurveyWeek(value);
  }

  /** The ISO week {@code date} falls in. */
  public static SurveyWeek containing(LocalDate date) {
    return new SurveyWeek(
        String.format(
            "%04d-W%02d",
            date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
  }

  @Override
  public int compareTo(SurveyWeek other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
