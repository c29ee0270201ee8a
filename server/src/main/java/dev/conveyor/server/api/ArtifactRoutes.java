package dev.conveyor.server.api;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.server.artifact.ArtifactService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** The artifact endpoints: push a package, list artifacts, show one. */
public final class ArtifactRoutes {
  /** Header with the digest the client computed; the server refuses bytes that do not match it. */
  public static final String DIGEST_HEADER = "Conveyor-Digest";

  private final ArtifactService artifacts;
  private final Requests requests;

  public ArtifactRoutes(ArtifactService artifacts, Requests requests) {
    this.artifacts = artifacts;
    this.requests = requests;
  }

  void configure(JavalinConfig config) {
    config.routes.post("/api/artifacts", this::push);
    config.routes.get("/api/artifacts", this::list);
    config.routes.get("/api/artifacts/{id}", this::show);
  }

  private void push(Context ctx) {
    Optional<ArtifactId> expected =
        Optional.ofNullable(ctx.header(DIGEST_HEADER)).map(String::strip).map(ArtifactId::of);
    Actor actor = requests.actor(ctx);
    Causation cause = requests.command(ctx, "artifact push");
    ArtifactService.Pushed pushed = artifacts.push(ctx.bodyInputStream(), expected, actor, cause);
    ctx.status(pushed.created() ? 201 : 200)
        .json(
            Map.of(
                "artifact", ArtifactView.of(pushed.artifact(), pushed.manifest()),
                "created", pushed.created()));
  }

  private void list(Context ctx) {
    Optional<ServiceName> service = QueryParams.string(ctx, "service").map(ServiceName::of);
    ctx.json(
        Map.of(
            "artifacts",
            artifacts.list(service).stream().map(a -> ArtifactView.of(a, null)).toList()));
  }

  private void show(Context ctx) {
    var artifact = artifacts.resolve(ctx.pathParam("id"));
    ctx.json(ArtifactView.of(artifact, artifacts.manifest(artifact.id())));
  }
}
