package dev.conveyor.server.api;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.server.pipeline.PipelineService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

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
