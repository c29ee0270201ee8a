package dev.conveyor.server.fleet;

import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Manifest;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.FleetExposed;
import dev.conveyor.core.event.InstanceChanged;
import dev.conveyor.core.event.InstanceLaunched;
import dev.conveyor.core.event.InstanceStarted;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceDriver;
import dev.conveyor.core.instance.InstanceFailedException;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.traffic.RoutingTable;
import dev.conveyor.core.traffic.TrafficRouter;
import dev.conveyor.server.artifact.ArtifactService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the primitive: one instance's activation state changes, and nothing else. Each method
 * records every stage in the history before it acts on the world (driver, router), so that the
 * history always says what Conveyor did and is doing. The controller's plans are sequences of these
 * calls; so is a rollback.
 */
public final class FleetOperator implements InstanceDriver.Watcher, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetOperator.class);

  private final History history;
  private final InstanceDriver driver;
  private final TrafficRouter router;
  private final ArtifactService artifacts;
  private final RandomGenerator random;
  private final Duration stopGrace;
  private final ExecutorService failures =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "instance-failures");
            t.setDaemon(true);
            return t;
          });

  public FleetOperator(
      History history,
      InstanceDriver driver,
      TrafficRouter router,
      ArtifactService artifacts,
      RandomGenerator random,
      Duration stopGrace) {
    this.history = history;
    this.driver = driver;
    this.router = router;
    this.artifacts = artifacts;
    this.random = random;
    this.stopGrace = stopGrace;
    driver.watch(this);
  }

  // ---- exposure ----

  /**
   * Serves the fleet on {@code port} and records it. With port 0, a fleet keeps its port, and a new
   * one gets the first free port from {@link #FIRST_AUTO_PORT} up: stable, easy to remember.
   */
  public int expose(FleetKey fleet, int port, Actor actor, Causation cause) {
    SystemState state = history.current();
    Optional<Integer> current = state.exposure(fleet);
    if (port == 0 && current.isPresent()) {
      router.expose(fleet, current.get());
      return current.get();
    }
    int bound = port != 0 ? router.expose(fleet, port) : exposeOnFreePort(fleet, state);
    if (current.isEmpty() || current.get() != bound) {
      history.record(s -> List.of(new EventDraft(actor, cause, new FleetExposed(fleet, bound))));
    }
    route(fleet);
    return bound;
  }

  /** Automatic router ports start here (and go up to {@link #LAST_AUTO_PORT}). */
  public static final int FIRST_AUTO_PORT = 8100;

  public static final int LAST_AUTO_PORT = 8999;

  private int exposeOnFreePort(FleetKey fleet, SystemState state) {
    java.util.Collection<Integer> taken = state.exposures().values();
    for (int candidate = FIRST_AUTO_PORT; candidate <= LAST_AUTO_PORT; candidate++) {
      if (taken.contains(candidate)) {
        continue;
      }
      try {
        return router.expose(fleet, candidate);
      } catch (dev.conveyor.core.ConflictException busy) {
        // another program holds it: try the next one
      }
    }
    return router.expose(fleet, 0);
  }

  // ---- launching ----

  /**
   * Launches one new instance of {@code artifact} into {@code fleet} and waits until it is ready,
   * in standby: launched, started at its endpoint, ready. If it fails, that is recorded too
   * (failed, then stopped) and the failure is rethrown.
   */
  public InstanceId launch(FleetKey fleet, ArtifactId artifact, Actor actor, Causation cause) {
    Manifest manifest = artifacts.manifest(artifact);
    if (history.current().exposure(fleet).isEmpty()) {
      expose(fleet, 0, actor, cause);
    }
    InstanceId id = InstanceId.next(fleet.service(), random);
    history.record(
        s -> List.of(new EventDraft(actor, cause, new InstanceLaunched(id, fleet, artifact))));
    InstanceDriver.Started started;
    try {
      started = driver.start(new InstanceDriver.Launch(id, fleet, artifact, manifest));
    } catch (InstanceFailedException e) {
      fail(id, e.getMessage(), actor, cause, "nothing was left running");
      throw e;
    }
    try {
      history.record(
          s ->
              List.of(
                  new EventDraft(
                      actor,
                      cause,
                      new InstanceStarted(id, fleet, started.endpoint(), started.runtime()))));
    } catch (RuntimeException e) {
      // Never leave running what the history does not know about.
      driver.stop(id, Duration.ZERO);
      throw e;
    }
    try {
      driver.awaitReady(id);
    } catch (InstanceFailedException e) {
      fail(id, e.getMessage(), actor, cause, "stopped by the driver");
      throw e;
    }
    change(
        id,
        ActivationState.STANDBY,
        0,
        "ready: GET " + manifest.readinessPath() + " answered",
        actor,
        cause);
    return id;
  }

  // ---- changing ----

  /**
   * Changes a running instance to {@code to} ({@code active} with a weight, {@code standby}, {@code
   * shadow}) and applies the fleet's new routing table.
   */
  public void change(
      InstanceId id, ActivationState to, int weight, String reason, Actor actor, Causation cause) {
    Instance changed =
        record(
            id,
            i -> new InstanceChanged(id, i.fleet(), i.state(), to, weight, reason),
            actor,
            cause);
    route(changed.fleet());
  }

  /**
   * Deactivates an instance the ordinary way: no new requests (draining), in-flight requests finish
   * within the manifest's drain timeout, then the process is asked to stop (SIGTERM, grace,
   * SIGKILL). Each stage is in the history.
   */
  public void deactivate(InstanceId id, String reason, Actor actor, Causation cause) {
    Instance instance = instance(id);
    Manifest manifest = artifacts.manifest(instance.artifact());
    if (instance.state() == ActivationState.STARTING
        || instance.state() == ActivationState.FAILED) {
      InstanceDriver.Stopped stopped = driver.stop(id, stopGrace);
      record(
          id,
          i ->
              new InstanceChanged(
                  id,
                  i.fleet(),
                  i.state(),
                  ActivationState.STOPPED,
                  0,
                  reason + "; " + stopped.how()),
          actor,
          cause);
      return;
    }
    if (instance.state() != ActivationState.DRAINING) {
      record(
          id,
          i ->
              new InstanceChanged(
                  id,
                  i.fleet(),
                  i.state(),
                  ActivationState.DRAINING,
                  0,
                  reason + ": draining, no new requests"),
          actor,
          cause);
      route(instance.fleet());
    }
    long started = System.nanoTime();
    int left;
    try {
      left = router.awaitDrained(id, manifest.drainTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      left = router.inFlight(id);
    }
    long waited = (System.nanoTime() - started) / 1_000_000;
    String drained =
        left == 0
            ? "drained in " + waited + " ms"
            : left
                + " requests still in flight after the drain timeout of "
                + manifest.drainTimeout().toSeconds()
                + "s";
    InstanceDriver.Stopped stopped = driver.stop(id, stopGrace);
    record(
        id,
        i ->
            new InstanceChanged(
                id,
                i.fleet(),
                i.state(),
                ActivationState.STOPPED,
                0,
                drained + "; " + stopped.how()),
        actor,
        cause);
  }

  // ---- failures ----

  /** From the driver: a running instance failed by itself. Recorded, routed around, reaped. */
  @Override
  public void failed(InstanceId id, String reason) {
    try {
      failures.execute(
          () -> {
            try {
              Optional<Instance> instance = history.current().instance(id);
              if (instance.isEmpty()
                  || !instance.get().state().canChangeTo(ActivationState.FAILED)) {
                return; // already stopped or stopping on purpose
              }
              fail(id, reason, Actor.CONVEYOR, Causation.system("watchdog"), null);
            } catch (RuntimeException e) {
              LOG.error("could not record the failure of instance {}: {}", id, reason, e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // The server is closing (and may be stopping this very process): the next start
      // reconciles the history with what runs, and records the failure then if it is one.
      LOG.info(
          "instance {} ended while the server closes ({}); left to the next start", id, reason);
    }
  }

  /** Records the instance as failed (if it is not already), routes around it, reaps it. */
  private void fail(InstanceId id, String reason, Actor actor, Causation cause, String reaped) {
    Instance failed =
        record(
            id,
            i ->
                i.state() == ActivationState.FAILED
                    ? null
                    : new InstanceChanged(
                        id, i.fleet(), i.state(), ActivationState.FAILED, 0, reason),
            actor,
            cause);
    route(failed.fleet());
    String how = reaped != null ? reaped : driver.stop(id, Duration.ofSeconds(2)).how();
    record(
        id,
        i ->
            new InstanceChanged(
                id, i.fleet(), i.state(), ActivationState.STOPPED, 0, "reaped: " + how),
        actor,
        cause);
  }

  // ---- restarts ----

  /**
   * After a server restart: adopts every instance the history says runs and the driver still has;
   * records as failed (then stopped) those that no longer run or were mid-start; stops every
   * process the history does not know; finishes interrupted drains; re-exposes and re-routes every
   * fleet.
   */
  public void reconcile() {
    SystemState state = history.current();
    Map<InstanceId, InstanceDriver.Running> running = new HashMap<>();
    for (InstanceDriver.Running r : driver.running()) {
      running.put(r.instance(), r);
    }
    Actor actor = Actor.CONVEYOR;
    Causation cause = Causation.system("reconcile after restart");
    for (Map.Entry<FleetKey, Integer> exposure : state.exposures().entrySet()) {
      router.expose(exposure.getKey(), exposure.getValue());
    }
    for (Instance instance : state.instances()) {
      InstanceDriver.Running found = running.remove(instance.id());
      switch (instance.state()) {
        case STARTING -> {
          if (found != null) {
            driver.adopt(found);
          }
          fail(instance.id(), "the server restarted while it was starting", actor, cause, null);
        }
        case FAILED -> {
          if (found != null) {
            driver.adopt(found);
          }
          String how = driver.stop(instance.id(), Duration.ofSeconds(2)).how();
          record(
              instance.id(),
              i ->
                  new InstanceChanged(
                      i.id(),
                      i.fleet(),
                      i.state(),
                      ActivationState.STOPPED,
                      0,
                      "reaped after restart: " + how),
              actor,
              cause);
        }
        default -> {
          boolean adopted =
              found != null && found.endpoint().equals(instance.endpoint()) && driver.adopt(found);
          if (!adopted) {
            fail(
                instance.id(),
                "not running after the server restarted",
                actor,
                cause,
                "nothing was left running");
          } else if (instance.state() == ActivationState.DRAINING) {
            deactivate(instance.id(), "deactivation resumed after restart", actor, cause);
          }
        }
      }
    }
    for (InstanceDriver.Running unknown : running.values()) {
      LOG.warn(
          "stopping instance {}: it runs, but the history does not say it should",
          unknown.instance());
      driver.stop(unknown.instance(), Duration.ofSeconds(2));
    }
    for (FleetKey fleet : history.current().exposures().keySet()) {
      route(fleet);
    }
  }

  // ---- helpers ----

  /** Applies the fleet's routing table as the history now describes it. */
  public void route(FleetKey fleet) {
    router.update(fleet, RoutingTable.of(history.current().fleet(fleet)));
  }

  private Instance instance(InstanceId id) {
    return history
        .current()
        .instance(id)
        .orElseThrow(
            () -> new NotFoundException("instance " + id + " does not exist or has stopped"));
  }

  /**
   * Records the change {@code decide} makes of the instance's current state (nothing, if it returns
   * null) and returns the instance as it was before.
   */
  private Instance record(
      InstanceId id, Function<Instance, InstanceChanged> decide, Actor actor, Causation cause) {
    Instance[] before = new Instance[1];
    history.record(
        s -> {
          Instance current =
              s.instance(id)
                  .orElseThrow(
                      () ->
                          new NotFoundException(
                              "instance " + id + " does not exist or has stopped"));
          before[0] = current;
          InstanceChanged change = decide.apply(current);
          return change == null ? List.of() : List.of(new EventDraft(actor, cause, change));
        });
    return before[0];
  }

  @Override
  public void close() {
    failures.shutdown();
  }
}
