package dev.conveyor.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.conveyor.core.ConflictException;
import dev.conveyor.core.ConveyorException;
import dev.conveyor.core.ForbiddenException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.StorageException;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.instance.InstanceFailedException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API: JSON resources named after Conveyor's vocabulary, under {@code /api}. Domain
 * failures map to HTTP statuses in one table ({@link #STATUS}); every error has the body {@code
 * {"error": code, "message": …, "details": …}}.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** Failure kind → HTTP status. Anything not listed is a 500. Order matters: first match wins. */
  private static final Map<Class<? extends ConveyorException>, Integer> STATUS =
      new LinkedHashMap<>();

  static {
    STATUS.put(InvalidInputException.class, 400);
    STATUS.put(NotFoundException.class, 404);
    // The request fits the state, but its actor may not make it (e.g. reviewing their own work).
    STATUS.put(ForbiddenException.class, 403);
    STATUS.put(ConflictException.class, 409);
    STATUS.put(StorageException.class, 503);
    // The instance, not the request, failed: a gateway-style error, as a proxy would answer.
    STATUS.put(InstanceFailedException.class, 502);
  }

  /** Request bodies above this are refused (artifact uploads stream and have their own limit). */
  public static final long MAX_JSON_BODY_BYTES = 1 << 20;

  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;

  private final History history;
  private final ArtifactRoutes artifacts;
  private final FleetRoutes fleets;
  private final DeploymentRoutes deployments;
  private final PipelineRoutes pipeline;
  private final RiskRoutes risk;
  private final BudgetRoutes budgets;
  private final MetricsRoute metrics;
  private final CaptureRoutes captures;

  public HttpApi(
      History history,
      ArtifactRoutes artifacts,
      FleetRoutes fleets,
      DeploymentRoutes deployments,
      PipelineRoutes pipeline,
      RiskRoutes risk,
      BudgetRoutes budgets,
      MetricsRoute metrics,
      CaptureRoutes captures) {
    this.history = history;
    this.artifacts = artifacts;
    this.fleets = fleets;
    this.deployments = deployments;
    this.pipeline = pipeline;
    this.risk = risk;
    this.budgets = budgets;
    this.metrics = metrics;
    this.captures = captures;
  }

  /** The JSON mapper for API bodies. */
  public static ObjectMapper objectMapper() {
    return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** Configures a Javalin instance with every route and the error table. */
  public void configure(JavalinConfig config) {
    config.jsonMapper(new JavalinJackson(objectMapper(), false));
    config.http.maxRequestSize = MAX_JSON_BODY_BYTES;
    config.http.defaultContentType = "application/json";
    config.routes.get("/api/health", this::health);
    config.routes.get("/api/status", this::status);
    config.routes.get("/api/history", this::history);
    config.routes.get("/api/history/verify", this::verify);
    artifacts.configure(config);
    fleets.configure(config);
    deployments.configure(config);
    pipeline.configure(config);
    risk.configure(config);
    budgets.configure(config);
    metrics.configure(config);
    captures.configure(config);
    config.routes.exception(ConveyorException.class, HttpApi::conveyorError);
    config.routes.exception(HttpResponseException.class, HttpApi::httpError);
    config.routes.exception(Exception.class, HttpApi::unexpected);
  }

  /** A Javalin app with this API, not yet started. */
  public Javalin create() {
    return Javalin.create(this::configure);
  }

  private void health(Context ctx) {
    ctx.json(Map.of("status", "ok", "seq", history.store().lastSeq()));
  }

  private void status(Context ctx) {
    ctx.json(StatusView.of(stateAt(ctx)));
  }

  private SystemState stateAt(Context ctx) {
    Optional<Instant> at = QueryParams.instant(ctx, "at");
    Optional<Long> seq = QueryParams.seq(ctx, "seq");
    if (at.isPresent() && seq.isPresent()) {
      throw new InvalidInputException("give either 'at' or 'seq', not both");
    }
    if (at.isPresent()) {
      return history.at(at.get());
    }
    return seq.map(history::at).orElseGet(history::current);
  }

  private void history(Context ctx) {
    int limit = QueryParams.limit(ctx, DEFAULT_PAGE, MAX_PAGE);
    boolean newestFirst =
        QueryParams.string(ctx, "order")
            .map(
                order ->
                    switch (order) {
                      case "asc" -> false;
                      case "desc" -> true;
                      default ->
                          throw new InvalidInputException(
                              "query parameter 'order' must be asc or desc, got '" + order + "'");
                    })
            .orElse(false);
    long until = QueryParams.seq(ctx, "until").orElse(Long.MAX_VALUE);
    EventQuery query = new EventQuery(0, until, null, limit + 1, newestFirst);
    if (newestFirst) {
      Optional<Long> before = QueryParams.seq(ctx, "before");
      if (before.isPresent()) {
        query = query.until(Math.min(until, before.get() - 1));
      }
    } else {
      query = query.after(QueryParams.seq(ctx, "after").orElse(0L));
    }
    Optional<String> service = QueryParams.string(ctx, "service");
    if (service.isPresent()) {
      query = query.of(ServiceName.of(service.get()));
    }
    List<RecordedEvent> found = history.store().read(query);
    Long next = null;
    if (found.size() > limit) {
      found = found.subList(0, limit);
      next = found.get(found.size() - 1).seq();
    }
    ctx.json(
        new HistoryPage(
            found.stream().map(EventView::of).toList(), next, history.store().lastSeq()));
  }

  private void verify(Context ctx) {
    ctx.json(VerifyView.of(history.verify()));
  }

  private static void conveyorError(ConveyorException e, Context ctx) {
    int status = 500;
    for (Map.Entry<Class<? extends ConveyorException>, Integer> entry : STATUS.entrySet()) {
      if (entry.getKey().isInstance(e)) {
        status = entry.getValue();
        break;
      }
    }
    if (status >= 500) {
      LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
    }
    ctx.status(status).json(new ErrorBody(e.code(), e.getMessage(), null));
  }

  private static void httpError(HttpResponseException e, Context ctx) {
    String code =
        switch (e.getStatus()) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 413 -> "too_large";
          default -> "http_" + e.getStatus();
        };
    String message =
        switch (e.getStatus()) {
          case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path();
          case 413 ->
              "the request body is larger than the limit of " + MAX_JSON_BODY_BYTES + " bytes";
          default -> e.getMessage();
        };
    ctx.status(e.getStatus()).json(new ErrorBody(code, message, null));
  }

  private static void unexpected(Exception e, Context ctx) {
    LOG.error("{} {} failed unexpectedly", ctx.method(), ctx.path(), e);
    ctx.status(500)
        .json(
            new ErrorBody(
                "internal",
                "the server failed unexpectedly: "
                    + e.getClass().getSimpleName()
                    + ": "
                    + e.getMessage(),
                null));
  }
}
