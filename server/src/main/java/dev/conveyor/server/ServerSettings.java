package dev.conveyor.server;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.budget.SloConfig;
import dev.conveyor.core.score.PipelineSpec;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a server runs: where its data lives, where it listens, and its limits. Validated once, at
 * start-up.
 *
 * @param port 0 picks a free port (tests)
 * @param pipeline the environments and their gates submissions are scored against
 * @param slos the services' objectives and the error-budget policy ({@link SloConfig#NONE}: none)
 */
public record ServerSettings(
    Path data,
    String host,
    int port,
    long maxArtifactBytes,
    long snapshotInterval,
    Duration stopGrace,
    boolean stopInstancesOnClose,
    PipelineSpec pipeline,
    SloConfig slos) {
  public static final int DEFAULT_PORT = 7070;
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** 512 MiB: far above a microservice's package, low enough to refuse an accident. */
  public static final long DEFAULT_MAX_ARTIFACT_BYTES = 512L << 20;

  /** State at any moment replays at most this many events after a snapshot. */
  public static final long DEFAULT_SNAPSHOT_INTERVAL = 10_000;

  /** How long an instance gets between SIGTERM and SIGKILL. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  public ServerSettings {
    Preconditions.present(data, "data directory");
    Preconditions.present(host, "host");
    Preconditions.check(port >= 0 && port <= 65_535, "port must be 0 to 65535, got %s", port);
    Preconditions.check(
        maxArtifactBytes >= 1, "--max-artifact-bytes must be positive, got %s", maxArtifactBytes);
    Preconditions.check(
        snapshotInterval >= 1, "snapshot interval must be 1 or more, got %s", snapshotInterval);
    Preconditions.check(
        !stopGrace.isNegative(), "stop grace must not be negative, got %s", stopGrace);
    Preconditions.present(pipeline, "pipeline");
    Preconditions.present(slos, "slos");
  }

  /** Settings without objectives. */
  public ServerSettings(
      Path data,
      String host,
      int port,
      long maxArtifactBytes,
      long snapshotInterval,
      Duration stopGrace,
      boolean stopInstancesOnClose,
      PipelineSpec pipeline) {
    this(
        data,
        host,
        port,
        maxArtifactBytes,
        snapshotInterval,
        stopGrace,
        stopInstancesOnClose,
        pipeline,
        SloConfig.NONE);
  }

  /** Settings with the default pipeline ({@link PipelineSpec#DEFAULT}). */
  public ServerSettings(
      Path data,
      String host,
      int port,
      long maxArtifactBytes,
      long snapshotInterval,
      Duration stopGrace,
      boolean stopInstancesOnClose) {
    this(
        data,
        host,
        port,
        maxArtifactBytes,
        snapshotInterval,
        stopGrace,
        stopInstancesOnClose,
        PipelineSpec.DEFAULT);
  }

  public static ServerSettings defaults(Path data) {
    return new ServerSettings(
        data,
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_MAX_ARTIFACT_BYTES,
        DEFAULT_SNAPSHOT_INTERVAL,
        DEFAULT_STOP_GRACE,
        false);
  }

  public ServerSettings withPort(int port) {
    return new ServerSettings(
        data,
        host,
        port,
        maxArtifactBytes,
        snapshotInterval,
        stopGrace,
        stopInstancesOnClose,
        pipeline,
        slos);
  }

  /** Whether closing the server stops its instances (else they run on, to be re-adopted). */
  public ServerSettings withStopInstancesOnClose(boolean stop) {
    return new ServerSettings(
        data, host, port, maxArtifactBytes, snapshotInterval, stopGrace, stop, pipeline, slos);
  }

  /** These settings, scoring submissions against {@code spec}. */
  public ServerSettings withPipeline(PipelineSpec spec) {
    return new ServerSettings(
        data,
        host,
        port,
        maxArtifactBytes,
        snapshotInterval,
        stopGrace,
        stopInstancesOnClose,
        spec,
        slos);
  }

  /** These settings, with {@code config}'s objectives and budget policy. */
  public ServerSettings withSlos(SloConfig config) {
    return new ServerSettings(
        data,
        host,
        port,
        maxArtifactBytes,
        snapshotInterval,
        stopGrace,
        stopInstancesOnClose,
        pipeline,
        config);
  }
}
