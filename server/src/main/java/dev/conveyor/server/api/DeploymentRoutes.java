package dev.conveyor.server.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.plan.BaselineChoice;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.PlanCodec;
import dev.conveyor.core.plan.PlanOutline;
import dev.conveyor.core.plan.PlanYaml;
import dev.conveyor.core.plan.Step;
import dev.conveyor.core.plan.Strategy;
import dev.conveyor.core.plan.StrategyOptions;
import dev.conveyor.core.verify.VerificationSpecCodec;
import dev.conveyor.server.artifact.ArtifactService;
import dev.conveyor.server.deploy.DeploymentController;
import dev.conveyor.server.deploy.DeploymentReport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Plans and deployments: {@code POST /api/plans} shows what a deployment would do without doing it;
 * {@code POST /api/deployments} does it; operators pause, resume, approve, abort and roll back.
 */
public final class DeploymentRoutes {
  private final DeploymentController controller;
  private final ArtifactService artifacts;
  private final History history;
  private final Requests requests;

  public DeploymentRoutes(
      DeploymentController controller,
      ArtifactService artifacts,
      History history,
      Requests requests) {
    this.controller = controller;
    this.artifacts = artifacts;
    this.history = history;
    this.requests = requests;
  }

  /**
   * What to deploy: a strategy's plan for an artifact (with options), or a whole plan in YAML.
   * Durations are written as in config files ({@code 30s}, {@code 10m}); {@code verify} is a YAML
   * verification spec.
   */
  record PlanRequest(
      String service,
      String environment,
      String artifact,
      String strategy,
      List<Double> canaryShares,
      String bake,
      String standbyWindow,
      Integer replace,
      String hold,
      Integer instances,
      Boolean verifyReplacements,
      String baseline,
      String verify,
      String plan,
      String fix) {}

  /** A plan, shown without being applied; {@code shares}: the candidate's after each step. */
  record PlanAnswer(
      @JsonRawValue String plan,
      String yaml,
      List<String> steps,
      List<Double> shares,
      double largestShare,
      String shortest,
      String longest,
      int launches) {}

  /** Why an operator acts; which step an approval is for (0: the current one). */
  record Reason(String reason, Integer step) {}

  void configure(JavalinConfig config) {
    config.routes.post("/api/plans", this::plan);
    config.routes.post("/api/deployments", this::deploy);
    config.routes.get("/api/deployments", this::list);
    config.routes.get("/api/deployments/{id}", this::show);
    config.routes.post("/api/deployments/{id}/pause", this::pause);
    config.routes.post("/api/deployments/{id}/resume", this::resume);
    config.routes.post("/api/deployments/{id}/approve", this::approve);
    config.routes.post("/api/deployments/{id}/abort", this::abort);
    config.routes.post("/api/fleets/{service}/{environment}/rollback", this::rollback);
  }

  private Plan planOf(PlanRequest request) {
    if (request.plan() != null) {
      return PlanYaml.read(request.plan(), "plan.yaml");
    }
    Preconditions.present(request.service(), "field 'service'");
    Preconditions.present(request.artifact(), "field 'artifact'");
    FleetKey fleet =
        FleetKey.of(
            request.service(),
            request.environment() == null ? "production" : request.environment());
    var artifact = artifacts.resolve(request.artifact());
    if (!artifact.service().equals(fleet.service())) {
      throw new InvalidInputException(
          "artifact "
              + artifact.id().shortForm()
              + " is of service "
              + artifact.service()
              + ", not "
              + fleet.service());
    }
    StrategyOptions options = StrategyOptions.defaults();
    if (request.canaryShares() != null) {
      options = options.withCanaryShares(request.canaryShares());
    }
    if (request.bake() != null) {
      options = options.withBake(duration("bake", request.bake()));
    }
    if (request.standbyWindow() != null) {
      options = options.withStandbyWindow(duration("standbyWindow", request.standbyWindow()));
    }
    if (request.replace() != null || request.hold() != null) {
      options =
          options.withPartial(
              request.replace() == null ? options.partialCount() : request.replace(),
              request.hold() == null ? options.hold() : duration("hold", request.hold()));
    }
    if (request.instances() != null) {
      options = options.withInitialInstances(request.instances());
    }
    if (request.verifyReplacements() != null) {
      options = options.withVerifyReplacements(request.verifyReplacements());
    }
    if (request.baseline() != null) {
      options = options.withBaseline(BaselineChoice.parse(request.baseline()));
    }
    if (request.verify() != null) {
      options =
          options.withVerify(
              VerificationSpecCodec.read(ConfigReader.parse(request.verify(), "verify.yaml")));
    }
    String strategy = request.strategy() == null ? "canary" : request.strategy();
    return Strategy.named(strategy)
        .plan(fleet, history.current().fleet(fleet), artifact.id(), options);
  }

  private static Duration duration(String field, String text) {
    try {
      return ConfigReader.parse("value: " + text + "\n", "request").duration("value");
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "field '" + field + "' must be a duration such as 30s, 500ms or 2m, got '" + text + "'");
    }
  }

  private void plan(Context ctx) {
    Plan plan = planOf(Bodies.read(ctx, PlanRequest.class));
    PlanOutline outline = PlanOutline.of(plan, history.current().fleet(plan.fleet()));
    ctx.json(
        new PlanAnswer(
            PlanCodec.encode(plan),
            PlanYaml.write(plan),
            plan.steps().stream().map(Step::describe).toList(),
            outline.shares(),
            outline.largestShare(),
            outline.shortest().toString(),
            outline.longest().toString(),
            outline.launches()));
  }

  private void deploy(Context ctx) {
    PlanRequest request = Bodies.read(ctx, PlanRequest.class);
    Plan plan = planOf(request);
    Deployment d =
        controller.start(plan, request.fix(), requests.actor(ctx), requests.command(ctx, "deploy"));
    ctx.status(202).json(view(d.id()));
  }

  private void list(Context ctx) {
    SystemState state = history.current();
    var service = QueryParams.string(ctx, "service");
    boolean activeOnly = QueryParams.string(ctx, "active").map(Boolean::parseBoolean).orElse(false);
    List<DeploymentView> views =
        state.deployments().stream()
            .filter(d -> service.isEmpty() || d.fleet().service().value().equals(service.get()))
            .filter(d -> !activeOnly || d.active())
            .sorted(Comparator.comparingLong(Deployment::startedSeq).reversed())
            .limit(QueryParams.limit(ctx, 50, 1000))
            .map(d -> DeploymentView.summary(d, state, controller.progress(d.id()).orElse(null)))
            .toList();
    ctx.json(Map.of("deployments", views));
  }

  private DeploymentView view(DeploymentId id) {
    DeploymentReport report = DeploymentReport.of(history, id);
    return DeploymentView.of(report, history.current(), controller.progress(id).orElse(null));
  }

  private void show(Context ctx) {
    ctx.json(view(DeploymentId.of(ctx.pathParam("id"))));
  }

  private Reason reason(Context ctx) {
    Reason reason = ctx.body().isBlank() ? new Reason(null, null) : Bodies.read(ctx, Reason.class);
    if (reason.reason() == null || reason.reason().isBlank()) {
      throw new InvalidInputException(
          "say why: the request needs a 'reason', which the history keeps");
    }
    return reason;
  }

  private void pause(Context ctx) {
    DeploymentId id = DeploymentId.of(ctx.pathParam("id"));
    controller.pause(id, requests.actor(ctx), reason(ctx).reason());
    ctx.json(view(id));
  }

  private void resume(Context ctx) {
    DeploymentId id = DeploymentId.of(ctx.pathParam("id"));
    controller.resume(id, requests.actor(ctx), reason(ctx).reason());
    ctx.json(view(id));
  }

  private void approve(Context ctx) {
    DeploymentId id = DeploymentId.of(ctx.pathParam("id"));
    Reason reason = reason(ctx);
    controller.approve(
        id, reason.step() == null ? 0 : reason.step(), requests.actor(ctx), reason.reason());
    ctx.json(view(id));
  }

  private void abort(Context ctx) {
    DeploymentId id = DeploymentId.of(ctx.pathParam("id"));
    controller.abort(id, requests.actor(ctx), reason(ctx).reason());
    ctx.status(202).json(view(id));
  }

  private void rollback(Context ctx) {
    FleetKey fleet = FleetKey.of(ctx.pathParam("service"), ctx.pathParam("environment"));
    DeploymentId id =
        controller
            .rollback(fleet, requests.actor(ctx), reason(ctx).reason())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "fleet " + fleet + " is already as it was before its last deployment"));
    ctx.status(202).json(view(id));
  }
}
