package dev.conveyor.server.api;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.History;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.server.artifact.ArtifactService;
import dev.conveyor.server.fleet.FleetOperator;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Fleets and the primitive on them: expose a fleet on a router port, launch an instance into it,
 * and change one instance's activation state ({@code POST /api/instances/{id}/changes}).
 */
public final class FleetRoutes {
  private final FleetOperator operator;
  private final ArtifactService artifacts;
  private final History history;
  private final Requests requests;

  public FleetRoutes(
      FleetOperator operator, ArtifactService artifacts, History history, Requests requests) {
    this.operator = operator;
    this.artifacts = artifacts;
    this.history = history;
    this.requests = requests;
  }

  /** {@code PUT /api/fleets/{service}/{environment}/exposure}. */
  record Exposure(int port) {}

  /** {@code POST /api/fleets/{service}/{environment}/instances}. */
  record LaunchRequest(String artifact) {}

  /**
   * {@code POST /api/instances/{id}/changes}: to {@code active} (with a weight in basis points),
   * {@code standby}, {@code shadow} or {@code stopped} (drain, then stop).
   */
  record ChangeRequest(String to, Integer weight, String reason) {}

  void configure(JavalinConfig config) {
    config.routes.put("/api/fleets/{service}/{environment}/exposure", this::expose);
    config.routes.post("/api/fleets/{service}/{environment}/instances", this::launch);
    config.routes.get("/api/instances/{id}", this::show);
    config.routes.post("/api/instances/{id}/changes", this::change);
  }

  private FleetKey fleet(Context ctx) {
    return FleetKey.of(ctx.pathParam("service"), ctx.pathParam("environment"));
  }

  private void expose(Context ctx) {
    Exposure body = Bodies.read(ctx, Exposure.class);
    Preconditions.check(
        body.port() >= 0 && body.port() <= 65_535, "port must be 0 to 65535, got %s", body.port());
    int port =
        operator.expose(
            fleet(ctx), body.port(), requests.actor(ctx), requests.command(ctx, "fleet expose"));
    ctx.json(
        Map.of(
            "service",
            ctx.pathParam("service"),
            "environment",
            ctx.pathParam("environment"),
            "port",
            port));
  }

  private void launch(Context ctx) {
    LaunchRequest body = Bodies.read(ctx, LaunchRequest.class);
    Preconditions.present(body.artifact(), "field 'artifact'");
    FleetKey fleet = fleet(ctx);
    RegisteredArtifact artifact = artifacts.resolve(body.artifact());
    InstanceId id =
        operator.launch(
            fleet, artifact.id(), requests.actor(ctx), requests.command(ctx, "instance launch"));
    ctx.status(201).json(view(id));
  }

  private void show(Context ctx) {
    ctx.json(view(InstanceId.of(ctx.pathParam("id"))));
  }

  private void change(Context ctx) {
    InstanceId id = InstanceId.of(ctx.pathParam("id"));
    history
        .current()
        .instance(id)
        .flatMap(i -> history.current().activeDeployment(i.fleet()))
        .ifPresent(
            d -> {
              throw new dev.conveyor.core.ConflictException(
                  "fleet "
                      + d.fleet()
                      + " has a running deployment, "
                      + d.id()
                      + ": its instances change only through its steps; pause or abort it first");
            });
    ChangeRequest body = Bodies.read(ctx, ChangeRequest.class);
    Preconditions.present(body.to(), "field 'to'");
    ActivationState to = ActivationState.ofLabel(body.to());
    String reason =
        body.reason() == null || body.reason().isBlank() ? "by request" : body.reason().strip();
    var actor = requests.actor(ctx);
    String verb =
        switch (to) {
          case ACTIVE -> "activate";
          case STOPPED -> "deactivate";
          default -> to.label();
        };
    var cause = requests.command(ctx, "instance " + verb);
    switch (to) {
      case ACTIVE -> {
        Preconditions.present(
            body.weight(), "field 'weight' (basis points, 1 to 10000) for an active instance");
        operator.change(id, to, body.weight(), reason, actor, cause);
      }
      case STANDBY, SHADOW -> {
        if (body.weight() != null && body.weight() != 0) {
          throw new InvalidInputException(
              "only an active instance has a weight; leave out 'weight' for " + to);
        }
        operator.change(id, to, 0, reason, actor, cause);
      }
      case STOPPED -> operator.deactivate(id, reason, actor, cause);
      default ->
          throw new InvalidInputException(
              "an instance can be changed to active, standby, shadow or stopped, not "
                  + to
                  + " (Conveyor sets starting, draining and failed itself)");
    }
    if (to == ActivationState.STOPPED) {
      ctx.json(Map.of("id", id.value(), "state", "stopped"));
    } else {
      ctx.json(view(id));
    }
  }

  private StatusView.InstanceView view(InstanceId id) {
    var state = history.current();
    var instance =
        state
            .instance(id)
            .orElseThrow(
                () -> new NotFoundException("instance " + id + " does not exist or has stopped"));
    return StatusView.of(state).fleets().stream()
        .flatMap(f -> f.instances().stream())
        .filter(i -> i.id().equals(instance.id().value()))
        .findFirst()
        .orElseThrow();
  }
}
