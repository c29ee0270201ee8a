package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The weighted aggregate of one artifact's measures at one stage: the weighted mean of their scores
 * (measures with weight 0 are shown but do not count), the measures that veto, and what each
 * contributes, so that a gate's decision can always be explained.
 */
public record RiskScore(List<Measure> measures) {
  public RiskScore {
    measures = List.copyOf(Preconditions.present(measures, "the measures of a risk score"));
    Set<String> names = new HashSet<>();
    for (Measure measure : measures) {
      Preconditions.check(
          names.add(measure.name()),
          "measure '%s' is given twice; combine its reports into one measure",
          measure.name());
    }
  }

  public static RiskScore of(Measure... measures) {
    return new RiskScore(List.of(measures));
  }

  /** The sum of the weights that count. */
  public double totalWeight() {
    return measures.stream().mapToDouble(Measure::weight).sum();
  }

  /** Whether any measure counts; without one there is no score to compare with a threshold. */
  public boolean isWeighted() {
    return totalWeight() > 0;
  }

  /** The weighted mean of the scores, from 0 to 100; 0 when no measure counts. */
  public double value() {
    return contributions().stream().mapToDouble(Contribution::points).sum();
  }

  /** Each measure's share and points, in the order the measures were given. */
  public List<Contribution> contributions() {
    double total = totalWeight();
    return measures.stream()
        .map(
            m -> {
              double share = total > 0 ? m.weight() / total : 0;
              return new Contribution(m.name(), m.score(), m.weight(), share, share * m.score());
            })
        .toList();
  }

  /** The measures whose score is below their veto floor. */
  public List<Measure> vetoes() {
    return measures.stream().filter(Measure::vetoes).toList();
  }

  /** The measure named {@code name}, if given. */
  public Optional<Measure> measure(String name) {
    return measures.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
