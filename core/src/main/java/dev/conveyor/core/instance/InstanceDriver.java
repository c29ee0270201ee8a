package dev.conveyor.core.instance;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Manifest;
import dev.conveyor.core.fleet.FleetKey;
import java.time.Duration;
import java.util.List;

/**
 * Runs instances: local processes on the embedded default, Pods on Kubernetes. A driver starts and
 * stops exactly one instance per call; it records nothing itself (the caller records each stage in
 * the history) and tells its {@link Watcher} when a running instance fails on its own.
 */
public interface InstanceDriver extends AutoCloseable {

  /** What a driver needs to start one instance of an artifact in a fleet. */
  record Launch(InstanceId instance, FleetKey fleet, ArtifactId artifact, Manifest manifest) {}

  /** A started instance: where it answers, and what runs it (e.g. {@code pid 4242 started …}). */
  record Started(InstanceId instance, Endpoint endpoint, String runtime) {}

  /** How an instance ended when it was stopped on purpose, in words for the history. */
  record Stopped(InstanceId instance, String how) {}

  /** An instance the driver has running now, as it knows it (for reconciling after a restart). */
  record Running(InstanceId instance, FleetKey fleet, Endpoint endpoint, String runtime) {}

  /** Hears about instances that fail by themselves: their process exits, or they stop answering. */
  @FunctionalInterface
  interface Watcher {
    void failed(InstanceId instance, String reason);
  }

  /**
   * Starts the instance and returns as soon as it runs and has an endpoint; it is not ready yet.
   *
   * @throws InstanceFailedException if it cannot be started; nothing of it is left running
   */
  Started start(Launch launch);

  /**
   * Waits until the instance answers its readiness check, or its manifest's readiness timeout
   * passes.
   *
   * @throws InstanceFailedException if it is not ready in time or exits meanwhile; the message
   *     carries the reason and the last lines of its log, and the instance is stopped
   */
  void awaitReady(InstanceId instance);

  /**
   * Stops the instance: asks it to end (SIGTERM or its equivalent), waits up to {@code grace}, then
   * forces it. Stopping an instance that is already gone is not an error.
   */
  Stopped stop(InstanceId instance, Duration grace);

  /** The instances this driver has running now. */
  List<Running> running();

  /**
   * Takes charge of an instance that was running before a restart: watches it again as if it had
   * started it. Returns false if what runs there is not that instance (e.g. a recycled pid).
   */
  boolean adopt(Running instance);

  /** Sets who hears about failures; there is one watcher. */
  void watch(Watcher watcher);

  @Override
  void close();
}
