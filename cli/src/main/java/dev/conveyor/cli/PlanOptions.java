package dev.conveyor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code plan} and {@code deploy} share: which artifact where, by which strategy, how. */
public final class PlanOptions {
  @Parameters(
      index = "0",
      paramLabel = "SERVICE",
      arity = "0..1",
      description = "The service (not with --plan).")
  String service;

  @Parameters(
      index = "1",
      paramLabel = "ARTIFACT",
      arity = "0..1",
      description = "sha256:<digest>, or 4+ leading hex digits of it.")
  String artifact;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      defaultValue = "production",
      description = "Environment (default: ${DEFAULT-VALUE}).")
  String environment;

  @Option(
      names = "--strategy",
      paramLabel = "NAME",
      defaultValue = "canary",
      description =
          "rolling, canary, blue-green, partial or bifurcated (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(
      names = "--canary-steps",
      paramLabel = "PERCENTS",
      split = ",",
      description = "The canary's traffic shares in percent, e.g. 1,5,25,50.")
  List<Double> canarySteps;

  @Option(
      names = "--bake",
      paramLabel = "DURATION",
      description = "Wait this long at the end (e.g. 2m).")
  String bake;

  @Option(
      names = "--standby-window",
      paramLabel = "DURATION",
      description = "Blue-green: how long the old fleet stays in standby (default 10m).")
  String standbyWindow;

  @Option(
      names = "--replace",
      paramLabel = "K",
      description = "Partial: how many instances to replace (default 1).")
  Integer replace;

  @Option(
      names = "--hold",
      paramLabel = "DURATION",
      description = "Partial: how long to verify the mixed fleet (default 30m).")
  String hold;

  @Option(
      names = "--instances",
      paramLabel = "N",
      description = "A first deployment: how many instances to start (default 3).")
  Integer instances;

  @Option(
      names = "--no-verify-replacements",
      description = "Rolling: do not verify after each replacement.")
  boolean noVerifyReplacements;

  @Option(
      names = "--baseline",
      paramLabel = "fresh|fleet",
      description =
          "Canary, bifurcated and blue-green: judge the candidate against a fresh instance of the"
              + " old version launched beside it at the same weight (fresh, the default), or"
              + " against the instances serving now (fleet).")
  String baseline;

  @Option(
      names = "--verify-spec",
      paramLabel = "FILE",
      description = "A YAML verification spec for every verify step.")
  Path verifySpec;

  @Option(
      names = "--plan",
      paramLabel = "FILE",
      description = "Apply this plan (YAML) as written, instead of a strategy's.")
  Path plan;

  /** The request body for {@code /api/plans} and {@code /api/deployments}. */
  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (plan != null) {
      if (service != null || artifact != null) {
        throw new CliException(
            ExitCode.USAGE, "give either --plan FILE, or SERVICE and ARTIFACT, not both");
      }
      body.put("plan", read(plan));
      return body;
    }
    if (service == null || artifact == null) {
      throw new CliException(ExitCode.USAGE, "give SERVICE and ARTIFACT (or --plan FILE)");
    }
    body.put("service", service);
    body.put("environment", environment);
    body.put("artifact", artifact);
    body.put("strategy", strategy);
    if (canarySteps != null) {
      List<Double> shares = new ArrayList<>();
      for (double percent : canarySteps) {
        shares.add(percent / 100);
      }
      body.put("canaryShares", shares);
    }
    put(body, "bake", bake);
    put(body, "standbyWindow", standbyWindow);
    put(body, "replace", replace);
    put(body, "hold", hold);
    put(body, "instances", instances);
    if (noVerifyReplacements) {
      body.put("verifyReplacements", false);
    }
    put(body, "baseline", baseline);
    if (verifySpec != null) {
      body.put("verify", read(verifySpec));
    }
    return body;
  }

  private static void put(Map<String, Object> body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
