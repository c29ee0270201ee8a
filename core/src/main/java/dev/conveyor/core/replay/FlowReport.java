package dev.conveyor.core.replay;

import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.MeasureSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Message-flow adherence of a candidate replay against production's: per route, how many replayed
 * requests got the same status and body shape. Made by {@link FlowAdherence#compare}.
 *
 * @param routes one row per route, in order of first request
 */
public record FlowReport(List<RouteFlow> routes) {
  /** Differences named in the evidence; the routes' rows hold them all. */
  static final int SHOWN = 3;

  public FlowReport {
    routes = List.copyOf(routes);
  }

  /** How many requests were replayed. */
  public int requests() {
    return routes.stream().mapToInt(RouteFlow::requests).sum();
  }

  /** How many matched production in status and shape. */
  public int matching() {
    return routes.stream().mapToInt(RouteFlow::matching).sum();
  }

  /** Every difference, most frequent first (ties in route order). */
  public List<FlowDifference> differences() {
    return routes.stream()
        .flatMap(route -> route.differences().stream())
        .sorted(Comparator.comparingInt(FlowDifference::count).reversed())
        .toList();
  }

  /** 100 × the share of replayed requests that matched production. */
  public double score() {
    return requests() == 0 ? 100 : 100.0 * matching() / requests();
  }

  /**
   * One sentence for people: {@code 3 of 60 replayed requests differ from production: POST
   * /checkout status 500 vs 200 (3×)}, or {@code all 60 replayed requests match production in
   * status and shape across 4 routes}.
   */
  public String evidence() {
    int requests = requests();
    int differing = requests - matching();
    if (differing == 0) {
      return String.format(
          Locale.ROOT,
          "all %d replayed %s match production in status and shape across %d %s",
          requests,
          requests == 1 ? "request" : "requests",
          routes.size(),
          routes.size() == 1 ? "route" : "routes");
    }
    List<FlowDifference> differences = differences();
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%d of %d replayed %s from production: ",
                differing,
                requests,
                requests == 1 ? "request differs" : "requests differ"));
    for (int i = 0; i < Math.min(SHOWN, differences.size()); i++) {
      out.append(i == 0 ? "" : "; ").append(differences.get(i));
    }
    int more = differences.size() - SHOWN;
    if (more > 0) {
      out.append("; and ")
          .append(more)
          .append(more == 1 ? " more difference" : " more differences");
    }
    return out.toString();
  }

  /** The {@code flows} measure: this report's score, with {@link #evidence()}. */
  public Measure measure(MeasureSpec spec) {
    spec.require(MeasureKind.FLOWS);
    return spec.measure(score(), evidence());
  }
}
