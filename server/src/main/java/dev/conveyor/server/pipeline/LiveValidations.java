package dev.conveyor.server.pipeline;

import dev.conveyor.core.ConveyorException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.History;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.replay.ReplaySet;
import dev.conveyor.core.score.Gate;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.MeasureSpec;
import dev.conveyor.core.score.SimulationResult;
import dev.conveyor.core.score.SimulationSpec;
import dev.conveyor.core.score.Stage;
import dev.conveyor.core.score.StagingSpec;
import dev.conveyor.server.fleet.FleetOperator;
import dev.conveyor.server.replay.PerformanceRun;
import dev.conveyor.server.replay.Replayer;
import dev.conveyor.server.replay.StagingReplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stage's validations against real instances, launched for the purpose into the stage's own
 * fleet (in standby: they take no routed traffic) and stopped afterwards:
 *
 * <ul>
 *   <li>the <b>simulation</b>: one candidate instance; the stage's command runs in its unpacked
 *       directory with {@code {target}} its URL and {@code {artifact}} that directory;
 *   <li><b>staging</b>: N instances of the candidate and N of the artifact production runs now; the
 *       replay set (the stage's file, else the production fleet's capture) is replayed against one
 *       of each and compared per route ({@code flows}), then played at the stage's rate for its
 *       duration against both sides at once and their latencies compared ({@code performance}).
 * </ul>
 *
 * A validation that cannot run (the candidate does not start, no replay set) scores 0 with the
 * reason; the gate then says no-go through the measure's veto or weight. A first release, with
 * nothing in production, has nothing to differ from: flows and performance score 100 and say so.
 */
public final class LiveValidations implements StageValidations {
  private static final Logger LOG = LoggerFactory.getLogger(LiveValidations.class);

  private final History history;
  private final FleetOperator operator;
  private final EnvironmentName production;
  private final Function<InstanceId, Path> directories;
  private final Function<FleetKey, Optional<ReplaySet>> captures;
  private final Path configDirectory;
  private final SimulationRunner simulations = new SimulationRunner();

  /**
   * @param production the environment whose artifact staging compares with
   * @param directories where an instance's artifact is unpacked
   * @param captures the requests the router captured from a fleet, if any
   * @param configDirectory what a relative replay file is resolved against
   */
  public LiveValidations(
      History history,
      FleetOperator operator,
      EnvironmentName production,
      Function<InstanceId, Path> directories,
      Function<FleetKey, Optional<ReplaySet>> captures,
      Path configDirectory) {
    this.history = history;
    this.operator = operator;
    this.production = production;
    this.directories = directories;
    this.captures = captures;
    this.configDirectory = configDirectory;
  }

  @Override
  public Map<MeasureKind, Measure> run(Stage stage, RegisteredArtifact artifact) {
    Map<MeasureKind, Measure> measures = new EnumMap<>(MeasureKind.class);
    Gate gate = stage.gate();
    Causation cause =
        Causation.system("pipeline " + artifact.id().shortForm() + " " + stage.environment());
    Optional<MeasureSpec> simulation = gate.spec(MeasureKind.SIMULATION);
    if (stage.simulation().isPresent() && simulation.isPresent()) {
      measures.put(
          MeasureKind.SIMULATION,
          simulate(stage.simulation().get(), simulation.get(), stage, artifact, cause));
    }
    Optional<MeasureSpec> flows = gate.spec(MeasureKind.FLOWS);
    Optional<MeasureSpec> performance = gate.spec(MeasureKind.PERFORMANCE);
    if (stage.staging().isPresent() && (flows.isPresent() || performance.isPresent())) {
      measures.putAll(stage(stage.staging().get(), flows, performance, stage, artifact, cause));
    }
    return measures;
  }

  private Measure simulate(
      SimulationSpec spec,
      MeasureSpec measure,
      Stage stage,
      RegisteredArtifact artifact,
      Causation cause) {
    FleetKey fleet = new FleetKey(artifact.service(), stage.environment());
    List<InstanceId> launched = new ArrayList<>();
    try {
      InstanceId id = launch(fleet, artifact.id(), launched, cause);
      Path directory = directories.apply(id);
      SimulationResult result =
          simulations.run(
              spec,
              directory,
              Map.of("target", url(endpoint(id)), "artifact", directory.toString()));
      return result.measure(measure);
    } catch (ConveyorException e) {
      return measure.measure(0, "the simulation could not run: " + e.getMessage());
    } finally {
      stop(launched, "simulation done", cause);
    }
  }

  private Map<MeasureKind, Measure> stage(
      StagingSpec spec,
      Optional<MeasureSpec> flows,
      Optional<MeasureSpec> performance,
      Stage stage,
      RegisteredArtifact artifact,
      Causation cause) {
    Map<MeasureKind, Measure> measures = new EnumMap<>(MeasureKind.class);
    Optional<ArtifactId> baseline = productionArtifact(artifact);
    if (baseline.isEmpty() || baseline.get().equals(artifact.id())) {
      String why =
          baseline.isEmpty()
              ? "nothing of "
                  + artifact.service()
                  + " runs in "
                  + production
                  + " yet: a first"
                  + " release has no production behaviour to differ from"
              : "this artifact is what " + production + " runs";
      flows.ifPresent(s -> measures.put(MeasureKind.FLOWS, s.measure(100, why)));
      performance.ifPresent(s -> measures.put(MeasureKind.PERFORMANCE, s.measure(100, why)));
      return measures;
    }
    ReplaySet set;
    try {
      set = replaySet(spec, artifact);
    } catch (ConveyorException e) {
      flows.ifPresent(s -> measures.put(MeasureKind.FLOWS, s.measure(0, e.getMessage())));
      performance.ifPresent(
          s -> measures.put(MeasureKind.PERFORMANCE, s.measure(0, e.getMessage())));
      return measures;
    }
    FleetKey fleet = new FleetKey(artifact.service(), stage.environment());
    List<InstanceId> launched = new ArrayList<>();
    try {
      List<Endpoint> candidates = new ArrayList<>();
      List<Endpoint> productions = new ArrayList<>();
      for (int i = 0; i < spec.instances(); i++) {
        candidates.add(endpoint(launch(fleet, artifact.id(), launched, cause)));
        productions.add(endpoint(launch(fleet, baseline.get(), launched, cause)));
      }
      List<MeasureSpec> specs = new ArrayList<>();
      flows.ifPresent(specs::add);
      performance.ifPresent(specs::add);
      try (Replayer replayer = new Replayer()) {
        measures.putAll(
            new StagingReplay(
                    replayer,
                    new PerformanceRun(),
                    (int) Math.max(1, Math.round(spec.rate())),
                    spec.duration())
                .measure(set, candidates, productions, specs));
      }
    } catch (ConveyorException e) {
      String why = "staging could not run: " + e.getMessage();
      flows.ifPresent(s -> measures.putIfAbsent(MeasureKind.FLOWS, s.measure(0, why)));
      performance.ifPresent(s -> measures.putIfAbsent(MeasureKind.PERFORMANCE, s.measure(0, why)));
    } finally {
      stop(launched, "staging validation done", cause);
    }
    return measures;
  }

  /** The stage's replay file, else what the router captured from production. */
  private ReplaySet replaySet(StagingSpec spec, RegisteredArtifact artifact) {
    if (spec.replayFile().isPresent()) {
      Path file = configDirectory.resolve(spec.replayFile().get());
      try {
        return ReplaySet.parse(
            Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
      } catch (IOException e) {
        throw new dev.conveyor.core.InvalidInputException(
            "the replay set " + file + " cannot be read: " + e.getMessage());
      }
    }
    return captures
        .apply(new FleetKey(artifact.service(), production))
        .orElseThrow(
            () ->
                new dev.conveyor.core.InvalidInputException(
                    "there is no replay set: configure staging's 'replay' file, or capture"
                        + " production's requests with POST /api/fleets/"
                        + artifact.service()
                        + "/"
                        + production
                        + "/capture"));
  }

  /** The artifact most of production's traffic goes to now. */
  private Optional<ArtifactId> productionArtifact(RegisteredArtifact artifact) {
    List<Instance> fleet =
        history.current().fleet(new FleetKey(artifact.service(), production)).stream()
            .filter(i -> i.state() == ActivationState.ACTIVE)
            .toList();
    return fleet.stream()
        .collect(Collectors.groupingBy(Instance::artifact, Collectors.summingInt(Instance::weight)))
        .entrySet()
        .stream()
        .max(
            Map.Entry.<ArtifactId, Integer>comparingByValue()
                .thenComparing(e -> e.getKey().value(), Comparator.reverseOrder()))
        .map(Map.Entry::getKey);
  }

  private InstanceId launch(
      FleetKey fleet, ArtifactId artifact, List<InstanceId> launched, Causation cause) {
    InstanceId id = operator.launch(fleet, artifact, Actor.CONVEYOR, cause);
    launched.add(id);
    return id;
  }

  private Endpoint endpoint(InstanceId id) {
    return history.current().instance(id).orElseThrow().endpoint();
  }

  private static String url(Endpoint endpoint) {
    String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
    return "http://" + host + ":" + endpoint.port();
  }

  private void stop(List<InstanceId> launched, String reason, Causation cause) {
    for (InstanceId id : launched) {
      try {
        if (history.current().instance(id).isPresent()) {
          operator.deactivate(id, reason, Actor.CONVEYOR, cause);
        }
      } catch (RuntimeException e) {
        LOG.warn("could not stop validation instance {}: {}", id, e.getMessage());
      }
    }
  }
}
