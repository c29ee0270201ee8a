package dev.conveyor.server.api;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.score.CalibrationQuery;
import dev.conveyor.core.score.RiskCalibration;
import dev.conveyor.core.score.ScoreBands;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.function.Function;

/**
 * The risk endpoints: {@code GET /api/risk/calibration}, the observed production rollback rate per
 * score band, read from the whole history.
 */
public final class RiskRoutes {
  private final History history;

  public RiskRoutes(History history) {
    this.history = history;
  }

  void configure(JavalinConfig config) {
    config.routes.get("/api/risk/calibration", this::calibration);
  }

  private void calibration(Context ctx) {
    CalibrationQuery query = CalibrationQuery.defaults();
    query = query.of(param(ctx, "service", ServiceName::of, null));
    query = query.scoredIn(param(ctx, "environment", EnvironmentName::of, query.scoredIn()));
    query = query.in(param(ctx, "bands", ScoreBands::parse, query.bands()));
    RiskCalibration.Tally tally = new RiskCalibration.Tally(query);
    // Read up to a fixed point, streaming: events appended meanwhile are left for the next call.
    long seq = history.store().lastSeq();
    history.store().scan(1, seq, tally::accept);
    ctx.json(CalibrationView.of(tally.result(), seq));
  }

  /** The query parameter {@code name} read by {@code parse}; a bad value names the parameter. */
  private static <T> T param(Context ctx, String name, Function<String, T> parse, T absent) {
    var value = QueryParams.string(ctx, name);
    if (value.isEmpty()) {
      return absent;
    }
    try {
      return parse.apply(value.get());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("query parameter '" + name + "': " + e.getMessage(), e);
    }
  }
}
