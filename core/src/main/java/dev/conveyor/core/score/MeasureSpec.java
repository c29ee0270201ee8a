package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a gate counts one measure: its weight, its veto floor, whether it may be missing, and the
 * settings some measures score against (coverage's target, lint's penalties).
 *
 * @param target the line-coverage percentage that scores 100; coverage only
 * @param penalties points per lint finding; lint only
 * @param reviewers independent approvals the review measure needs (1; staging may ask for 2)
 * @param tolerance how much slower (a fraction) the candidate's p99 may be than production's before
 *     the performance measure drops below 100
 */
public record MeasureSpec(
    MeasureKind kind,
    double weight,
    OptionalDouble vetoFloor,
    boolean optional,
    OptionalDouble target,
    Optional<LintPenalties> penalties,
    int reviewers,
    double tolerance) {

  /**
   * Coverage's target when none is configured: Google's guidance calls 75% "commendable"
   * (Arguelles, Ivanković, Bender, "Code Coverage Best Practices", Google Testing Blog, 2020).
   */
  public static final double DEFAULT_COVERAGE_TARGET = 75;

  /** The performance measure's default tolerance: a p99 up to 20% above production's. */
  public static final double DEFAULT_TOLERANCE = 0.20;

  public MeasureSpec {
    Preconditions.present(kind, "a measure's kind");
    Preconditions.check(
        Numbers.within(weight, 0, 100),
        "measure '%s' has weight %s; weights run from 0 (shown, not counted) to 100",
        kind,
        weight);
    Preconditions.present(vetoFloor, "the veto floor of measure '" + kind + "'");
    Preconditions.check(
        vetoFloor.isEmpty() || Numbers.within(vetoFloor.getAsDouble(), 0, 100),
        "measure '%s' has veto floor %s; veto floors run from 0 to 100",
        kind,
        vetoFloor.orElse(0));
    Preconditions.present(target, "the target of measure '" + kind + "'");
    Preconditions.present(penalties, "the penalties of measure '" + kind + "'");
    if (kind == MeasureKind.COVERAGE && target.isEmpty()) {
      target = OptionalDouble.of(DEFAULT_COVERAGE_TARGET);
    }
    Preconditions.check(
        target.isEmpty() || kind == MeasureKind.COVERAGE,
        "measure '%s' has a target, but only coverage scores against one",
        kind);
    Preconditions.check(
        target.isEmpty() || target.getAsDouble() > 0 && target.getAsDouble() <= 100,
        "the coverage target must be a percentage above 0 and at most 100, got %s",
        target.orElse(0));
    if (kind == MeasureKind.LINT && penalties.isEmpty()) {
      penalties = Optional.of(LintPenalties.DEFAULT);
    }
    Preconditions.check(
        penalties.isEmpty() || kind == MeasureKind.LINT,
        "measure '%s' has penalties, but only lint scores with them",
        kind);
    Preconditions.check(
        reviewers >= 1 && reviewers <= 10,
        "measure '%s' needs 1 to 10 reviewers, got %s",
        kind,
        reviewers);
    Preconditions.check(
        reviewers == 1 || kind == MeasureKind.REVIEW,
        "measure '%s' has reviewers, but only review counts them",
        kind);
    Preconditions.check(
        tolerance >= 0 && tolerance <= 10,
        "measure '%s' has tolerance %s; give a fraction from 0 to 10, such as 0.2 for 20%%",
        kind,
        tolerance);
  }

  /** Without reviewers or tolerance: one reviewer, the default tolerance. */
  public MeasureSpec(
      MeasureKind kind,
      double weight,
      OptionalDouble vetoFloor,
      boolean optional,
      OptionalDouble target,
      Optional<LintPenalties> penalties) {
    this(kind, weight, vetoFloor, optional, target, penalties, 1, DEFAULT_TOLERANCE);
  }

  /** A required measure without a veto, with the default target or penalties where relevant. */
  public static MeasureSpec of(MeasureKind kind, double weight) {
    return new MeasureSpec(
        kind, weight, OptionalDouble.empty(), false, OptionalDouble.empty(), Optional.empty());
  }

  /** This spec, vetoing when the score is below {@code floor}. */
  public MeasureSpec vetoBelow(double floor) {
    return new MeasureSpec(
        kind, weight, OptionalDouble.of(floor), optional, target, penalties, reviewers, tolerance);
  }

  /** This spec, allowed to be missing. */
  public MeasureSpec asOptional() {
    return new MeasureSpec(kind, weight, vetoFloor, true, target, penalties, reviewers, tolerance);
  }

  /** This coverage spec with another target percentage. */
  public MeasureSpec withTarget(double percent) {
    return new MeasureSpec(
        kind,
        weight,
        vetoFloor,
        optional,
        OptionalDouble.of(percent),
        penalties,
        reviewers,
        tolerance);
  }

  /** This lint spec with other penalties. */
  public MeasureSpec withPenalties(LintPenalties lintPenalties) {
    return new MeasureSpec(
        kind,
        weight,
        vetoFloor,
        optional,
        target,
        Optional.of(lintPenalties),
        reviewers,
        tolerance);
  }

  /** This review spec needing {@code count} independent approvals. */
  public MeasureSpec withReviewers(int count) {
    return new MeasureSpec(kind, weight, vetoFloor, optional, target, penalties, count, tolerance);
  }

  /** This performance spec with another tolerance. */
  public MeasureSpec withTolerance(double fraction) {
    return new MeasureSpec(
        kind, weight, vetoFloor, optional, target, penalties, reviewers, fraction);
  }

  /** The measure this spec makes of a score and its evidence. */
  public Measure measure(double score, String evidence) {
    return new Measure(kind.label(), score, weight, vetoFloor, evidence);
  }

  /** Fails unless this spec is for {@code expected}: a guard against scoring the wrong report. */
  public void require(MeasureKind expected) {
    Preconditions.check(
        kind == expected,
        "cannot score %s with the spec of measure '%s'; use the '%s' spec",
        expected,
        kind,
        expected);
  }
}
