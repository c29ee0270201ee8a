package dev.conveyor.core.verify;

import dev.conveyor.core.Preconditions;
import java.util.Locale;

/**
 * What an absolute limit found: the candidate's value over the step so far against the limit.
 *
 * @param limit {@code errorRatio}, {@code p99} or {@code flowPerSecond <route>}
 * @param value errors per request, milliseconds, or successes per second at full traffic; NaN when
 *     not measured yet
 * @param bound the limit, in the same unit: a maximum, or for flows a minimum
 * @param samples the candidate's requests so far
 * @param minSamples the requests before the limit judges (the step's minRequests)
 */
public record LimitEvidence(
    String limit, Outcome outcome, double value, double bound, long samples, long minSamples)
    implements Evidence {
  public static final String ERROR_RATIO = "errorRatio";
  public static final String P99 = "p99";
  public static final String FLOW_PER_SECOND = "flowPerSecond";

  public LimitEvidence {
    Preconditions.present(limit, "limit");
    Preconditions.present(outcome, "outcome");
  }

  @Override
  public String judge() {
    return "limit " + limit;
  }

  /** True for flow limits, which are minimums; the others are maximums. */
  public boolean isMinimum() {
    return limit.startsWith(FLOW_PER_SECOND);
  }

  @Override
  public String summary() {
    StringBuilder out = new StringBuilder(judge()).append(": candidate ");
    if (Double.isNaN(value)) {
      return out.append("not measured yet → waiting").toString();
    }
    if (samples < minSamples) {
      return out.append(Format.count(samples))
          .append(" requests, judged from ")
          .append(Format.count(minSamples))
          .append("; now ")
          .append(shownValue())
          .append(" → waiting")
          .toString();
    }
    boolean ok = outcome != Outcome.FAIL;
    String comparison = isMinimum() ? (ok ? " ≥ " : " < ") : (ok ? " ≤ " : " > ");
    return out.append(shownValue())
        .append(comparison)
        .append(shownBound())
        .append(" → ")
        .append(ok ? "within" : isMinimum() ? "under" : "over")
        .toString();
  }

  private String shownValue() {
    return switch (unit()) {
      case RATIO -> Format.percent(value) + " of " + Format.count(samples) + " requests";
      case MILLIS -> Format.count(Math.round(value)) + " ms";
      case PER_SECOND -> String.format(Locale.ROOT, "%.2f/s at full traffic", value);
    };
  }

  private String shownBound() {
    return switch (unit()) {
      case RATIO -> Format.percentLimit(bound);
      case MILLIS -> Format.count(Math.round(bound)) + " ms";
      case PER_SECOND -> Format.number(bound) + "/s";
    };
  }

  private enum Unit {
    RATIO,
    MILLIS,
    PER_SECOND
  }

  private Unit unit() {
    return limit.equals(ERROR_RATIO)
        ? Unit.RATIO
        : limit.equals(P99) ? Unit.MILLIS : Unit.PER_SECOND;
  }
}
