package dev.conveyor.server.router;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.traffic.RouteTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The router's metric families as Prometheus text: requests by status class, timeouts and connect
 * failures per instance and route, requests in flight, the latency histogram per instance, requests
 * that reached no instance, and shadow comparisons. Counters run from the router's start.
 */
final class RouterExposition {
  static final String REQUESTS = "conveyor_router_requests_total";
  static final String TIMEOUTS = "conveyor_router_timeouts_total";
  static final String CONNECT_FAILURES = "conveyor_router_connect_failures_total";
  static final String IN_FLIGHT = "conveyor_router_in_flight";
  static final String DURATION = "conveyor_router_request_duration_seconds";
  static final String UNROUTED = "conveyor_router_unrouted_requests_total";
  static final String SHADOW = "conveyor_router_shadow_comparisons_total";

  /** Latency bucket bounds: Prometheus's defaults, plus 0.5 ms and 30 s for a fast proxy. */
  private static final String[] LE = {
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
    "5", "10", "30"
  };

  private static final String[] CLASSES = {"2xx", "3xx", "4xx", "5xx"};
  private static final int[] CLASS_FIELDS = {
    TrafficMeter.OK_2XX, TrafficMeter.REDIRECT_3XX, TrafficMeter.CLIENT_4XX, TrafficMeter.SERVER_5XX
  };
  private static final String[] OUTCOMES = {"same", "different", "failed", "skipped"};

  /** One instance's figures, copied under the meters' lock. */
  private record InstanceRow(
      FleetKey fleet, String instance, long[][] totals, Histogram latency, int inFlight) {}

  /** One fleet's unrouted figures. */
  private record FleetRow(FleetKey fleet, long[][] totals) {}

  private RouterExposition() {}

  static void write(
      PrometheusText text,
      TrafficMeters meters,
      Function<FleetKey, RouteTemplates> templates,
      List<ShadowComparisons.Ledger> ledgers) {
    List<InstanceRow> instances = new ArrayList<>();
    List<FleetRow> fleets = new ArrayList<>();
    meters.visit(
        new TrafficMeters.Visitor() {
          @Override
          public void instance(InstanceTraffic traffic) {
            Histogram latency = traffic.series.totalLatency();
            instances.add(
                new InstanceRow(
                    traffic.fleet,
                    traffic.id.value(),
                    copy(traffic.series.totals()),
                    latency == null ? new Histogram(TrafficMeter.LATENCY_DIGITS) : latency.copy(),
                    traffic.inFlight()));
          }

          @Override
          public void unrouted(FleetKey fleet, TrafficSeries series) {
            fleets.add(new FleetRow(fleet, copy(series.totals())));
          }
        });

    text.family(
        REQUESTS,
        "counter",
        "Requests the router sent to an instance, by how they ended; 5xx includes the 502 and 504"
            + " the router gave on the instance's behalf.");
    for (InstanceRow row : instances) {
      forEachRoute(
          row.totals,
          row.fleet,
          templates,
          (route, counts) -> {
            for (int c = 0; c < CLASSES.length; c++) {
              text.sample(
                  REQUESTS,
                  counts[CLASS_FIELDS[c]],
                  labels(row.fleet, row.instance, route, "code_class", CLASSES[c]));
            }
          });
    }
    text.family(
        TIMEOUTS, "counter", "Requests whose instance did not answer within the response timeout.");
    for (InstanceRow row : instances) {
      forEachRoute(
          row.totals,
          row.fleet,
          templates,
          (route, counts) ->
              text.sample(
                  TIMEOUTS, counts[TrafficMeter.TIMEOUTS], labels(row.fleet, row.instance, route)));
    }
    text.family(
        CONNECT_FAILURES,
        "counter",
        "Connections to an instance that could not be established; the request tried another.");
    for (InstanceRow row : instances) {
      forEachRoute(
          row.totals,
          row.fleet,
          templates,
          (route, counts) ->
              text.sample(
                  CONNECT_FAILURES,
                  counts[TrafficMeter.CONNECT_FAILURES],
                  labels(row.fleet, row.instance, route)));
    }
    text.family(IN_FLIGHT, "gauge", "Requests an instance is serving right now.");
    for (InstanceRow row : instances) {
      text.sample(IN_FLIGHT, row.inFlight, labels(row.fleet, row.instance));
    }
    text.family(
        DURATION,
        "histogram",
        "Time from a request's arrival to the end of its answer, per instance (HdrHistogram, 2"
            + " significant digits).");
    for (InstanceRow row : instances) {
      String[] base = labels(row.fleet, row.instance);
      for (String le : LE) {
        long micros = Math.round(Double.parseDouble(le) * 1e6);
        long count =
            row.latency.getTotalCount() == 0 ? 0 : row.latency.getCountBetweenValues(0, micros);
        text.sample(DURATION + "_bucket", count, with(base, "le", le));
      }
      text.sample(DURATION + "_bucket", row.latency.getTotalCount(), with(base, "le", "+Inf"));
      long sumMicros = 0;
      for (long[] counts : row.totals) {
        sumMicros += counts == null ? 0 : counts[TrafficMeter.LATENCY_MICROS];
      }
      text.sample(DURATION + "_sum", sumMicros / 1e6, base);
      text.sample(DURATION + "_count", row.latency.getTotalCount(), base);
    }
    text.family(
        UNROUTED,
        "counter",
        "Requests the router answered itself without reaching an instance: no active instance (503),"
            + " or a request it refused (4xx).");
    for (FleetRow row : fleets) {
      forEachRoute(
          row.totals,
          row.fleet,
          templates,
          (route, counts) -> {
            for (int c = 0; c < CLASSES.length; c++) {
              text.sample(
                  UNROUTED,
                  counts[CLASS_FIELDS[c]],
                  "service",
                  row.fleet.service().value(),
                  "environment",
                  row.fleet.environment().value(),
                  "route",
                  route,
                  "code_class",
                  CLASSES[c]);
            }
          });
    }
    text.family(
        SHADOW,
        "counter",
        "Mirrored requests by how the shadow's answer compared with the primary's: same, different,"
            + " failed (no answer), or skipped (not compared).");
    for (ShadowComparisons.Ledger ledger : ledgers) {
      ShadowStats stats = ledger.stats();
      for (Map.Entry<String, ShadowStats.RouteComparison> route : stats.routes().entrySet()) {
        ShadowStats.RouteComparison c = route.getValue();
        long[] values = {c.compared() - c.differing(), c.differing(), c.failed(), c.skipped()};
        for (int i = 0; i < OUTCOMES.length; i++) {
          text.sample(
              SHADOW,
              values[i],
              labels(ledger.fleet, ledger.shadow.value(), route.getKey(), "outcome", OUTCOMES[i]));
        }
      }
    }
  }

  private interface RouteCounts {
    void accept(String route, long[] counts);
  }

  private static void forEachRoute(
      long[][] totals,
      FleetKey fleet,
      Function<FleetKey, RouteTemplates> templates,
      RouteCounts action) {
    RouteTemplates table = templates.apply(fleet);
    for (int slot = 0; slot < totals.length; slot++) {
      String name = table == null ? null : table.name(slot);
      if (totals[slot] != null && name != null) {
        action.accept(name, totals[slot]);
      }
    }
  }

  private static String[] labels(FleetKey fleet, String instance) {
    return new String[] {
      "service",
      fleet.service().value(),
      "environment",
      fleet.environment().value(),
      "instance",
      instance
    };
  }

  private static String[] labels(FleetKey fleet, String instance, String route) {
    return with(labels(fleet, instance), "route", route);
  }

  private static String[] labels(
      FleetKey fleet, String instance, String route, String name, String value) {
    return with(labels(fleet, instance, route), name, value);
  }

  private static String[] with(String[] labels, String name, String value) {
    String[] more = new String[labels.length + 2];
    System.arraycopy(labels, 0, more, 0, labels.length);
    more[labels.length] = name;
    more[labels.length + 1] = value;
    return more;
  }

  private static long[][] copy(long[][] totals) {
    long[][] copy = new long[totals.length][];
    for (int i = 0; i < totals.length; i++) {
      copy[i] = totals[i] == null ? null : totals[i].clone();
    }
    return copy;
  }
}
