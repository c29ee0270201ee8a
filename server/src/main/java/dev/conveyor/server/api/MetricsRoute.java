package dev.conveyor.server.api;

import dev.conveyor.core.history.History;
import dev.conveyor.server.router.HttpRouter;
import dev.conveyor.server.router.PrometheusText;
import dev.conveyor.server.store.SqliteEventStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** {@code GET /metrics}: the router's and the history's metrics in Prometheus text format. */
public final class MetricsRoute {
  private final HttpRouter router;
  private final SqliteEventStore store;
  private final History history;

  public MetricsRoute(HttpRouter router, SqliteEventStore store, History history) {
    this.router = router;
    this.store = store;
    this.history = history;
  }

  void configure(JavalinConfig config) {
    config.routes.get("/metrics", this::metrics);
  }

  private void metrics(Context ctx) {
    StringBuilder out = new StringBuilder(16 * 1024);
    router.writePrometheus(out);
    PrometheusText text = new PrometheusText(out);
    SqliteEventStore.Stats stats = store.stats();
    text.family(
        "conveyor_history_last_sequence",
        "gauge",
        "Sequence number of the last event in the history.");
    text.sample("conveyor_history_last_sequence", history.current().seq());
    text.family(
        "conveyor_history_commits_total",
        "counter",
        "Durable commits of the history since the server started.");
    text.sample("conveyor_history_commits_total", stats.commits());
    text.family(
        "conveyor_history_events_total",
        "counter",
        "Events committed since the server started; over commits, the group-commit gain.");
    text.sample("conveyor_history_events_total", stats.events());
    ctx.contentType(PrometheusText.CONTENT_TYPE).result(out.toString());
  }
}
