package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conveyor survey <service> --answers 4,5,3,4 [--week 2026-W47]}: records a team's weekly
 * developer-happiness survey; the server checks the answers and defaults the week to its current
 * one.
 */
@Command(
    name = "survey",
    description = "Record a team's weekly developer-happiness survey (answers from 1 to 5).",
    mixinStandardHelpOptions = true)
public final class SurveyCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "SERVICE", description = "The team's service.")
  String service;

  @Option(
      names = "--answers",
      paramLabel = "N,N,…",
      required = true,
      split = ",",
      description = "The answers, each a whole number from 1 (unhappy) to 5 (happy).")
  List<Integer> answers = new ArrayList<>();

  @Option(
      names = "--week",
      paramLabel = "YYYY-Www",
      description = "The ISO week, e.g. 2026-W47; default: the server's current week.")
  String week;

  @Override
  public Integer call() {
    Map<String, Object> body = new HashMap<>();
    body.put("answers", answers);
    if (week != null) {
      body.put("week", week);
    }
    JsonNode recorded = options.client().post("/api/services/" + service + "/surveys", body);
    options.printEvent(recorded);
    return ExitCode.OK;
  }
}
