package dev.conveyor.core.history;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.event.ArtifactReviewed;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.ArtifactSignedOff;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.SurveyRecorded;
import dev.conveyor.core.event.ThresholdAdjusted;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.SurveyWeek;
import dev.conveyor.core.score.ThresholdAdjustment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the history says about the pipeline: each artifact's latest scoring per environment, its
 * reviews and sign-offs, each service's surveys, and the thresholds people adjusted. Part of {@link
 * SystemState}; folded by {@link Builder} from the pipeline's events.
 */
public final class PipelineRecords {
  static final PipelineRecords EMPTY =
      new PipelineRecords(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  private final Map<ArtifactId, Map<EnvironmentName, Scoring>> scores;
  private final Map<ArtifactId, List<ArtifactReviewed>> reviews;
  private final Map<ServiceName, Map<SurveyWeek, SurveyRecorded>> surveys;
  private final Map<ArtifactId, Map<EnvironmentName, ArtifactSignedOff>> signOffs;
  private final Map<EnvironmentName, ThresholdAdjusted> adjustments;

  private PipelineRecords(
      Map<ArtifactId, Map<EnvironmentName, Scoring>> scores,
      Map<ArtifactId, List<ArtifactReviewed>> reviews,
      Map<ServiceName, Map<SurveyWeek, SurveyRecorded>> surveys,
      Map<ArtifactId, Map<EnvironmentName, ArtifactSignedOff>> signOffs,
      Map<EnvironmentName, ThresholdAdjusted> adjustments) {
    this.scores = Collections.unmodifiableMap(scores);
    this.reviews = Collections.unmodifiableMap(reviews);
    this.surveys = Collections.unmodifiableMap(surveys);
    this.signOffs = Collections.unmodifiableMap(signOffs);
    this.adjustments = Collections.unmodifiableMap(adjustments);
  }

  /** The artifact's latest scoring in each environment it was scored in. */
  public Map<EnvironmentName, Scoring> scores(ArtifactId artifact) {
    return scores.getOrDefault(artifact, Map.of());
  }

  /** Every artifact's latest scorings. */
  public Map<ArtifactId, Map<EnvironmentName, Scoring>> allScores() {
    return scores;
  }

  /** The artifact's reviews through the API, oldest first. */
  public List<ArtifactReviewed> reviews(ArtifactId artifact) {
    return reviews.getOrDefault(artifact, List.of());
  }

  Map<ArtifactId, List<ArtifactReviewed>> allReviews() {
    return reviews;
  }

  /** The service's latest survey per week, by week. */
  public SortedMap<SurveyWeek, SurveyRecorded> surveys(ServiceName service) {
    return Collections.unmodifiableSortedMap(
        new TreeMap<>(surveys.getOrDefault(service, Map.of())));
  }

  /** The survey of the service's latest recorded week, if any. */
  public Optional<SurveyRecorded> latestSurvey(ServiceName service) {
    SortedMap<SurveyWeek, SurveyRecorded> byWeek = surveys(service);
    return byWeek.isEmpty() ? Optional.empty() : Optional.of(byWeek.get(byWeek.lastKey()));
  }

  Map<ServiceName, Map<SurveyWeek, SurveyRecorded>> allSurveys() {
    return surveys;
  }

  /**
   * The sign-off on the artifact at {@code environment} that is still current: one recorded after
   * the environment's latest scoring (a new scoring asks anew).
   */
  public Optional<ArtifactSignedOff> signOff(ArtifactId artifact, EnvironmentName environment) {
    return Optional.ofNullable(signOffs.getOrDefault(artifact, Map.of()).get(environment));
  }

  Map<ArtifactId, Map<EnvironmentName, ArtifactSignedOff>> allSignOffs() {
    return signOffs;
  }

  /** The threshold adjustment people made for {@code environment}; none when never adjusted. */
  public ThresholdAdjustment adjustment(EnvironmentName environment) {
    ThresholdAdjusted adjusted = adjustments.get(environment);
    return adjusted == null ? ThresholdAdjustment.NONE : adjusted.adjustment();
  }

  Map<EnvironmentName, ThresholdAdjusted> allAdjustments() {
    return adjustments;
  }

  Builder builder() {
    return new Builder(this);
  }

  /** Folds pipeline events onto a copy of some records. */
  static final class Builder {
    private final Map<ArtifactId, Map<EnvironmentName, Scoring>> scores;
    private final Map<ArtifactId, List<ArtifactReviewed>> reviews;
    private final Map<ServiceName, Map<SurveyWeek, SurveyRecorded>> surveys;
    private final Map<ArtifactId, Map<EnvironmentName, ArtifactSignedOff>> signOffs;
    private final Map<EnvironmentName, ThresholdAdjusted> adjustments;

    private Builder(PipelineRecords from) {
      scores = new HashMap<>(from.scores);
      reviews = new HashMap<>(from.reviews);
      surveys = new HashMap<>(from.surveys);
      signOffs = new HashMap<>(from.signOffs);
      adjustments = new HashMap<>(from.adjustments);
    }

    Builder() {
      this(EMPTY);
    }

    /** Folds in {@code event} if it is a pipeline event; returns whether it was one. */
    boolean apply(long at, Instant when, Event event) {
      switch (event) {
        case ArtifactScored e -> {
          // The latest scoring per environment wins; it also asks for a sign-off anew.
          Map<EnvironmentName, Scoring> byEnvironment =
              new TreeMap<>(scores.getOrDefault(e.artifact(), Map.of()));
          byEnvironment.put(e.environment(), new Scoring(e, when, at));
          scores.put(e.artifact(), Collections.unmodifiableMap(byEnvironment));
          Map<EnvironmentName, ArtifactSignedOff> signed = signOffs.get(e.artifact());
          if (signed != null && signed.containsKey(e.environment()) && !e.passed()) {
            Map<EnvironmentName, ArtifactSignedOff> rest = new TreeMap<>(signed);
            rest.remove(e.environment());
            signOffs.put(e.artifact(), Collections.unmodifiableMap(rest));
          }
        }
        case ArtifactReviewed e -> {
          List<ArtifactReviewed> list =
              new ArrayList<>(reviews.getOrDefault(e.artifact(), List.of()));
          list.add(e);
          reviews.put(e.artifact(), List.copyOf(list));
        }
        case SurveyRecorded e -> {
          // The latest survey per service and week wins: a correction replaces the week's answers.
          Map<SurveyWeek, SurveyRecorded> byWeek =
              new TreeMap<>(surveys.getOrDefault(e.service(), Map.of()));
          byWeek.put(e.week(), e);
          surveys.put(e.service(), Collections.unmodifiableMap(byWeek));
        }
        case ArtifactSignedOff e -> {
          Map<EnvironmentName, ArtifactSignedOff> byEnvironment =
              new TreeMap<>(signOffs.getOrDefault(e.artifact(), Map.of()));
          byEnvironment.put(e.environment(), e);
          signOffs.put(e.artifact(), Collections.unmodifiableMap(byEnvironment));
        }
        case ThresholdAdjusted e -> {
          if (e.delta() == 0) {
            adjustments.remove(e.environment());
          } else {
            adjustments.put(e.environment(), e);
          }
        }
        default -> {
          return false;
        }
      }
      return true;
    }

    PipelineRecords build() {
      // Copies: the folder may go on after a state is taken.
      return new PipelineRecords(
          new HashMap<>(scores),
          new HashMap<>(reviews),
          new HashMap<>(surveys),
          new HashMap<>(signOffs),
          new HashMap<>(adjustments));
    }
  }
}
