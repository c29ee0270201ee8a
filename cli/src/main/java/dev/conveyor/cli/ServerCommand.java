package dev.conveyor.cli;

import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conveyor server}: runs the control plane on the embedded default until stopped. */
@Command(
    name = "server",
    description = "Run the Conveyor server: history, artifact store and API, on this machine.",
    mixinStandardHelpOptions = true)
public final class ServerCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: $CONVEYOR_DATA, else .conveyor).")
  Path data;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = ServerSettings.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + ServerSettings.DEFAULT_PORT,
      description = "API port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--max-artifact-bytes",
      paramLabel = "BYTES",
      defaultValue = "" + ServerSettings.DEFAULT_MAX_ARTIFACT_BYTES,
      description = "Largest artifact accepted (default: ${DEFAULT-VALUE}).")
  long maxArtifactBytes;

  @Option(
      names = "--stop-instances-on-exit",
      description =
          "Drain and stop every instance when the server stops (default: they keep running, and"
              + " the next server re-adopts them).")
  boolean stopInstances;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description =
          "A pipeline file: the environments and their gates (default: dev 80, staging 85,"
              + " production 90 over the dev measures).")
  Path pipeline;

  @Option(
      names = "--slos",
      paramLabel = "FILE",
      description =
          "The services' objectives and the error-budget policy (docs/BUDGETS.md); with them,"
              + " production deployments are refused while a budget is spent and gates tighten as"
              + " it shrinks.")
  Path slos;

  /** The objectives in {@code file}, checked before the server starts. */
  static dev.conveyor.core.budget.SloConfig readSlos(Path file) {
    try {
      return dev.conveyor.core.budget.SloConfig.parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCode.USAGE, "--slos " + file + " does not exist", e);
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE, "cannot read --slos " + file + ": " + e.getMessage(), e);
    }
  }

  /** The pipeline in {@code file}, checked before the server starts. */
  static PipelineSpec readPipeline(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCode.USAGE, "--pipeline " + file + " does not exist", e);
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE, "cannot read --pipeline " + file + ": " + e.getMessage(), e);
    }
    return resolveReplayFiles(PipelineSpec.parse(text, file.toString()), file);
  }

  /**
   * A staging stage's relative {@code replay} file is relative to the pipeline file; it must exist
   * when the server starts, not only when the first artifact reaches staging.
   */
  private static PipelineSpec resolveReplayFiles(PipelineSpec spec, Path file) {
    Path dir = file.toAbsolutePath().getParent();
    java.util.List<dev.conveyor.core.score.Stage> stages = new java.util.ArrayList<>();
    for (dev.conveyor.core.score.Stage stage : spec.stages()) {
      if (stage.staging().isPresent() && stage.staging().get().replayFile().isPresent()) {
        dev.conveyor.core.score.StagingSpec staging = stage.staging().get();
        Path replay = dir.resolve(staging.replayFile().get()).normalize();
        if (!Files.isRegularFile(replay)) {
          throw new CliException(
              ExitCode.USAGE,
              "--pipeline "
                  + file
                  + ": the "
                  + stage.environment()
                  + " replay file "
                  + replay
                  + " does not exist; point 'replay' at a JSONL replay set, or leave it out to"
                  + " replay what the router captures from production");
        }
        stage =
            stage.withStaging(
                new dev.conveyor.core.score.StagingSpec(
                    staging.instances(),
                    java.util.Optional.of(replay.toString()),
                    staging.rate(),
                    staging.duration()));
      }
      stages.add(stage);
    }
    return new PipelineSpec(stages, spec.approvers());
  }

  static Path defaultData() {
    String env = System.getenv("CONVEYOR_DATA");
    return Path.of(env == null || env.isBlank() ? ".conveyor" : env);
  }

  @Override
  public Integer call() throws InterruptedException {
    PipelineSpec gates = pipeline == null ? PipelineSpec.DEFAULT : readPipeline(pipeline);
    ServerSettings settings =
        new ServerSettings(
            data == null ? defaultData() : data,
            host,
            port,
            maxArtifactBytes,
            ServerSettings.DEFAULT_SNAPSHOT_INTERVAL,
            ServerSettings.DEFAULT_STOP_GRACE,
            stopInstances,
            gates,
            slos == null ? dev.conveyor.core.budget.SloConfig.NONE : readSlos(slos));
    ConveyorServer server = ConveyorServer.start(settings, InstantSource.system());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "conveyor-shutdown"));
    spec.commandLine()
        .getOut()
        .println(
            "Conveyor server listening on "
                + server.url()
                + " (data: "
                + server.data().root()
                + ", history at event "
                + server.history().current().seq()
                + ")");
    spec.commandLine().getOut().flush();
    stopped.await();
    return ExitCode.OK;
  }
}
