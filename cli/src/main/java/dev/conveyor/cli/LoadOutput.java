package dev.conveyor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.server.load.LatencySummary;
import dev.conveyor.server.load.LoadPlan;
import dev.conveyor.server.load.LoadProgress;
import dev.conveyor.server.load.LoadReport;
import dev.conveyor.server.load.TransportFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How {@code conveyor load} shows a run: the progress line, the report as text or as JSON. */
final class LoadOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LoadOutput() {}

  /** {@code load 3s/30s: sent 1500 (500.0/s), errors 0, p99 2.31ms}. */
  static String progressLine(LoadProgress progress, LoadPlan plan) {
    return "load "
        + progress.elapsed().toSeconds()
        + "s/"
        + Formats.duration(plan.duration().toString())
        + ": sent "
        + progress.sent()
        + " ("
        + String.format(Locale.ROOT, "%.1f/s", progress.currentRate())
        + "), errors "
        + progress.errors()
        + ", p99 "
        + millis(progress.p99());
  }

  /** The report as labelled lines, one fact per line. */
  static void print(LoadReport report, PrintWriter out) {
    LoadPlan plan = report.plan();
    Lines lines = new Lines();
    String stopped =
        report.planned() < plan.requests() ? "; stopped after " + report.planned() : "";
    lines.row("target", plan.target());
    lines.row("mix", plan.mix());
    lines.row(
        "asked",
        rate(plan.ratePerSecond())
            + " for "
            + Formats.duration(plan.duration().toString())
            + ": "
            + plan.requests()
            + " requests (at most "
            + plan.maxInFlight()
            + " in flight, timeout "
            + Formats.duration(plan.timeout().toString())
            + (plan.warmup().isPositive()
                ? ", after a " + Formats.duration(plan.warmup().toString()) + " warm-up"
                : "")
            + ")"
            + stopped);
    lines.row(
        "sent",
        report.sent()
            + " at "
            + rate(report.sendRate())
            + "; "
            + report.sentLate()
            + " late (waited for an in-flight slot)");
    lines.row(
        "throughput",
        rate(report.throughput()).replace("/s", " responses/s")
            + ": "
            + report.responses()
            + " responses in "
            + seconds(report.elapsed()));
    lines.row(
        "status",
        report.statusCounts().isEmpty()
            ? "none"
            : report.statusCounts().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")));
    lines.row(
        "failures",
        report.failures() == 0
            ? "none"
            : report.transportFailures().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().label() + ": " + e.getValue())
                .collect(Collectors.joining(", ")));
    lines.row("errors", report.errors() + " (5xx responses and failures)");
    LatencySummary latency = report.latency();
    lines.row(
        "latency",
        "p50 "
            + millis(latency.p50())
            + ", p90 "
            + millis(latency.p90())
            + ", p99 "
            + millis(latency.p99())
            + ", p99.9 "
            + millis(latency.p999())
            + ", max "
            + millis(latency.max())
            + " (from intended send times)");
    lines.print(out);
  }

  /** The report as one JSON object; durations in milliseconds or seconds as the names say. */
  static String json(LoadReport report) {
    LoadPlan plan = report.plan();
    ObjectNode root = JSON.createObjectNode();
    root.put("target", plan.target().toString());
    root.put("mix", plan.mix().toString());
    root.put("rate", plan.ratePerSecond());
    root.put("durationSeconds", plan.duration().toNanos() / 1e9);
    root.put("maxInFlight", plan.maxInFlight());
    root.put("timeoutSeconds", plan.timeout().toNanos() / 1e9);
    root.put("warmupSeconds", plan.warmup().toNanos() / 1e9);
    root.put("planned", report.planned());
    root.put("sent", report.sent());
    root.put("sentLate", report.sentLate());
    root.put("responses", report.responses());
    root.put("failures", report.failures());
    root.put("errors", report.errors());
    root.put("elapsedSeconds", report.elapsed().toNanos() / 1e9);
    root.put("sendRate", round(report.sendRate()));
    root.put("throughput", round(report.throughput()));
    ObjectNode status = root.putObject("status");
    report.statusCounts().forEach((code, count) -> status.put(code.toString(), count));
    ObjectNode failures = root.putObject("transportFailures");
    for (Map.Entry<TransportFailure, Long> e : report.transportFailures().entrySet()) {
      failures.put(e.getKey().key(), e.getValue());
    }
    LatencySummary latency = report.latency();
    ObjectNode millis = root.putObject("latencyMs");
    millis.put("p50", ms(latency.p50()));
    millis.put("p90", ms(latency.p90()));
    millis.put("p99", ms(latency.p99()));
    millis.put("p99.9", ms(latency.p999()));
    millis.put("max", ms(latency.max()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always writes", e);
    }
  }

  /** Labelled lines, the labels in one column as in {@code artifact show}. */
  private static final class Lines {
    private final StringBuilder text = new StringBuilder();

    void row(String label, Object value) {
      text.append(String.format(Locale.ROOT, "%-13s%s%n", label, value));
    }

    void print(PrintWriter out) {
      out.print(text);
      out.flush();
    }
  }

  private static String rate(double perSecond) {
    return perSecond == Math.rint(perSecond)
        ? String.format(Locale.ROOT, "%.0f/s", perSecond)
        : String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.3fs", duration.toNanos() / 1e9);
  }

  /** {@code 0.84ms}, {@code 12.3ms}, {@code 512ms}, {@code 1.50s}: three figures or so. */
  static String millis(Duration duration) {
    double ms = duration.toNanos() / 1e6;
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2fms", ms);
    }
    if (ms < 100) {
      return String.format(Locale.ROOT, "%.1fms", ms);
    }
    if (ms < 1_000) {
      return String.format(Locale.ROOT, "%.0fms", ms);
    }
    return String.format(Locale.ROOT, "%.2fs", ms / 1_000);
  }

  private static double ms(Duration duration) {
    return duration.toNanos() / 1_000 / 1e3;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
