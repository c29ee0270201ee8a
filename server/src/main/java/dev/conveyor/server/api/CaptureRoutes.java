package dev.conveyor.server.api;

import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.server.router.CaptureStatus;
import dev.conveyor.server.router.HttpRouter;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fleet's request capture on the router, for staging replays: {@code POST
 * /api/fleets/{service}/{environment}/capture} with {@code {"sample": 0.1, "limit": 200}} starts
 * one, {@code GET} shows it with the captured requests as a replay set's JSON Lines (field {@code
 * jsonl}), or with {@code Accept: application/x-ndjson} the JSON Lines alone; {@code DELETE} stops
 * it and discards what it held.
 */
public final class CaptureRoutes {
  private static final String PATH = "/api/fleets/{service}/{environment}/capture";

  /** The media type of JSON Lines (also known as NDJSON), asked for with {@code Accept}. */
  static final String JSON_LINES = "application/x-ndjson";

  private final HttpRouter router;

  public CaptureRoutes(HttpRouter router) {
    this.router = router;
  }

  /** {@code POST …/capture}. */
  record CaptureRequest(Double sample, Integer limit) {}

  void configure(JavalinConfig config) {
    config.routes.post(PATH, this::start);
    config.routes.get(PATH, this::show);
    config.routes.delete(PATH, this::stop);
  }

  private static FleetKey fleet(Context ctx) {
    return FleetKey.of(ctx.pathParam("service"), ctx.pathParam("environment"));
  }

  private void start(Context ctx) {
    CaptureRequest body = Bodies.read(ctx, CaptureRequest.class);
    Preconditions.present(
        body.sample(), "field 'sample' (the share of requests to keep, such as 0.1)");
    Preconditions.present(body.limit(), "field 'limit' (how many requests to keep, 1 to 10000)");
    FleetKey fleet = fleet(ctx);
    ctx.status(201).json(view(fleet, router.startCapture(fleet, body.sample(), body.limit())));
  }

  private void show(Context ctx) {
    FleetKey fleet = fleet(ctx);
    CaptureStatus status = router.capture(fleet).orElseThrow(() -> none(fleet));
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains(JSON_LINES)) { // the replay set alone, ready to save
      ctx.contentType(JSON_LINES).result(status.jsonl());
      return;
    }
    ctx.json(view(fleet, status));
  }

  private void stop(Context ctx) {
    FleetKey fleet = fleet(ctx);
    if (!router.stopCapture(fleet)) {
      throw none(fleet);
    }
    ctx.status(204);
  }

  private static NotFoundException none(FleetKey fleet) {
    return new NotFoundException(
        "fleet "
            + fleet
            + " has no request capture: start one with POST /api/fleets/"
            + fleet
            + "/capture and {\"sample\": 0.1, \"limit\": 200}");
  }

  private static Map<String, Object> view(FleetKey fleet, CaptureStatus status) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("service", fleet.service().toString());
    view.put("environment", fleet.environment().toString());
    view.put("sample", status.sample());
    view.put("limit", status.limit());
    view.put("started", status.started().toString());
    view.put("seen", status.seen());
    view.put("captured", status.requests().size());
    view.put("skipped", status.skipped());
    view.put("full", status.full());
    view.put("jsonl", status.jsonl());
    return view;
  }
}
