package dev.conveyor.server.api;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.score.ReviewVerdict;
import dev.conveyor.server.pipeline.PipelineService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pipeline endpoints: submit an artifact's reports for scoring, show its latest scores. */
public final class PipelineRoutes {
  private final PipelineService pipeline;
  private final Requests requests;

  public PipelineRoutes(PipelineService pipeline, Requests requests) {
    this.pipeline = pipeline;
    this.requests = requests;
  }

  void configure(JavalinConfig config) {
    config.routes.post("/api/artifacts/{id}/submissions", this::submit);
    config.routes.get("/api/artifacts/{id}/scores", this::scores);
    config.routes.post("/api/artifacts/{id}/reviews", this::review);
    config.routes.post("/api/services/{service}/surveys", this::survey);
    config.routes.post("/api/artifacts/{id}/signoffs", this::signOff);
    config.routes.get("/api/artifacts/{id}/pipeline", this::position);
    config.routes.get("/api/pipeline", this::gates);
    config.routes.post("/api/pipeline/environments/{environment}/threshold", this::adjust);
  }

  /** The body of {@code POST /api/artifacts/{id}/signoffs}. */
  record SignOffRequest(String environment, String reason) {}

  /** The body of {@code POST /api/pipeline/environments/{environment}/threshold}. */
  record ThresholdRequest(Double delta, String reason) {}

  private void signOff(Context ctx) {
    SignOffRequest body = Bodies.read(ctx, SignOffRequest.class);
    if (body.environment() == null) {
      throw new InvalidInputException(
          "the request body needs 'environment': the stage signed off, such as staging");
    }
    RecordedEvent recorded =
        pipeline.signOff(
            ctx.pathParam("id"),
            body.environment(),
            body.reason(),
            requests.actor(ctx),
            requests.command(ctx, "signoff"));
    ctx.status(201).json(EventView.of(recorded));
  }

  private void adjust(Context ctx) {
    ThresholdRequest body = Bodies.read(ctx, ThresholdRequest.class);
    if (body.delta() == null) {
      throw new InvalidInputException(
          "the request body needs 'delta': points to add to the threshold (positive tightens,"
              + " negative eases, 0 restores)");
    }
    RecordedEvent recorded =
        pipeline.adjust(
            ctx.pathParam("environment"),
            body.delta(),
            body.reason(),
            requests.actor(ctx),
            requests.command(ctx, "gate"));
    ctx.status(201).json(EventView.of(recorded));
  }

  private void gates(Context ctx) {
    ctx.json(
        Map.of(
            "approvers",
            pipeline.spec().approvers(),
            "gates",
            pipeline.gates().stream().map(PipelineView.GateView::of).toList()));
  }

  private void position(Context ctx) {
    ctx.json(
        Map.of(
            "stages",
            pipeline.position(ctx.pathParam("id")).stream()
                .map(PipelineView.StageView::of)
                .toList()));
  }

  /** The body of {@code POST /api/artifacts/{id}/reviews}. */
  record ReviewRequest(String verdict, String comment) {}

  /** The body of {@code POST /api/services/{service}/surveys}; without a week, this week. */
  record SurveyRequest(String week, List<Integer> answers) {}

  private void review(Context ctx) {
    ReviewRequest body = Bodies.read(ctx, ReviewRequest.class);
    if (body.verdict() == null) {
      throw new InvalidInputException(
          "the request body needs 'verdict': approved or changes_requested");
    }
    ReviewVerdict verdict =
        ReviewVerdict.byLabel(body.verdict())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "verdict '"
                            + body.verdict()
                            + "' is not one of approved, changes_requested"));
    RecordedEvent recorded =
        pipeline.review(
            ctx.pathParam("id"),
            verdict,
            body.comment(),
            requests.actor(ctx),
            requests.command(ctx, "review"));
    ctx.status(201).json(EventView.of(recorded));
  }

  private void survey(Context ctx) {
    SurveyRequest body = Bodies.read(ctx, SurveyRequest.class);
    if (body.answers() == null) {
      throw new InvalidInputException(
          "the request body needs 'answers': an array of whole numbers from 1 to 5");
    }
    RecordedEvent recorded =
        pipeline.survey(
            ctx.pathParam("service"),
            Optional.ofNullable(body.week()),
            body.answers(),
            requests.actor(ctx),
            requests.command(ctx, "survey"));
    ctx.status(201).json(EventView.of(recorded));
  }

  private void submit(Context ctx) {
    SubmissionRequest body = Bodies.read(ctx, SubmissionRequest.class);
    if (body.reports() == null) {
      throw new InvalidInputException(
          "the request body needs 'reports': an object of report file name → report text");
    }
    PipelineService.Submitted submitted =
        pipeline.submit(
            ctx.pathParam("id"),
            body.reports(),
            requests.actor(ctx),
            requests.command(ctx, "submit"));
    ctx.status(201).json(ScoreView.of(submitted.scoring()));
  }

  private void scores(Context ctx) {
    ctx.json(
        Map.of(
            "scores",
            pipeline.scores(ctx.pathParam("id")).values().stream().map(ScoreView::of).toList()));
  }
}
