package dev.conveyor.core.score;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * How the scores from 0 to 100 are cut into bands, by ascending cut points strictly between 0 and
 * 100: cut points {@code 60,70} make the bands {@code [0, 60) [60, 70) [70, 100]}.
 */
public record ScoreBands(List<Double> cuts) {
  /** {@code [0, 60) [60, 70) [70, 80) [80, 90) [90, 100]}. */
  public static final ScoreBands DEFAULT = new ScoreBands(List.of(60.0, 70.0, 80.0, 90.0));

  private static final String FIX =
      "give ascending cut points between 0 and 100, separated by commas, e.g. 60,70,80,90";

  public ScoreBands {
    cuts = List.copyOf(Preconditions.present(cuts, "band cut points"));
    for (int i = 0; i < cuts.size(); i++) {
      double cut = cuts.get(i);
      Preconditions.check(
          Double.isFinite(cut) && cut > 0 && cut < 100,
          "band cut point %s must be above 0 and below 100 (the bands always start at 0 and end"
              + " at 100); %s",
          Numbers.number(cut),
          FIX);
      if (i > 0) {
        Preconditions.check(
            cut > cuts.get(i - 1),
            "band cut points must ascend, but %s follows %s; %s",
            Numbers.number(cut),
            Numbers.number(cuts.get(i - 1)),
            FIX);
      }
    }
  }

  /** The bands of cut points written as {@code 60,70,80,90}; spaces around commas are allowed. */
  public static ScoreBands parse(String text) {
    Preconditions.check(text != null && !text.isBlank(), "bands are empty; %s", FIX);
    List<Double> cuts = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String cut = part.strip();
      try {
        cuts.add(Double.parseDouble(cut));
      } catch (NumberFormatException e) {
        throw new InvalidInputException(
            Preconditions.format("bands '%s': cut point '%s' is not a number; %s", text, cut, FIX));
      }
    }
    try {
      return new ScoreBands(cuts);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("bands '" + text + "': " + e.getMessage());
    }
  }

  /** The bands, lowest first; the last one is closed above, so that it holds 100. */
  public List<ScoreBand> bands() {
    List<ScoreBand> bands = new ArrayList<>();
    double lower = 0;
    for (double cut : cuts) {
      bands.add(new ScoreBand(lower, cut, false));
      lower = cut;
    }
    bands.add(new ScoreBand(lower, 100, true));
    return List.copyOf(bands);
  }

  /** The index in {@link #bands()} of the band holding {@code score} (clamped to 0–100). */
  public int indexOf(double score) {
    int index = 0;
    while (index < cuts.size() && score >= cuts.get(index)) {
      index++;
    }
    return index;
  }

  /** {@code 60,70,80,90}, as {@link #parse} reads it. */
  public String text() {
    return String.join(",", cuts.stream().map(Numbers::number).toList());
  }
}
