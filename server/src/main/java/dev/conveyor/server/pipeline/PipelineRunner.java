package dev.conveyor.server.pipeline;

import dev.conveyor.core.ConveyorException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.Scoring;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.Strategy;
import dev.conveyor.core.score.DeploySpec;
import dev.conveyor.core.score.PipelineSpec;
import dev.conveyor.core.score.Stage;
import dev.conveyor.server.deploy.DeploymentController;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries an artifact along the conveyor belt in the background: after a go in one stage it scores
 * the next; after a go in a stage that deploys, it deploys there with the stage's strategy and
 * waits for the deployment to finish before going on. It stops at a no-go, at a deployment that did
 * not succeed, and at a stage awaiting a sign-off, until {@link #advance} is called again when the
 * sign-off is recorded.
 *
 * <p>Everything it knows is in the history: after a restart {@link #recover} advances every
 * artifact whose belt has not reached its end, and a stage it had begun is scored again (nothing
 * half-done is recorded: a scoring is one event). One artifact of a service moves at a time.
 */
public final class PipelineRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
  private static final Duration DEPLOY_TIMEOUT = Duration.ofHours(6);

  private final History history;
  private final PipelineSpec pipeline;
  private final StageScorer scorer;
  private final DeploymentController deployments;
  private final Function<ArtifactId, RegisteredArtifact> artifacts;
  private final Function<RegisteredArtifact, Actor> authors;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<ServiceName, ReentrantLock> services = new ConcurrentHashMap<>();
  private volatile boolean closed;

  PipelineRunner(
      History history,
      PipelineSpec pipeline,
      StageScorer scorer,
      DeploymentController deployments,
      Function<ArtifactId, RegisteredArtifact> artifacts,
      Function<RegisteredArtifact, Actor> authors) {
    this.history = history;
    this.pipeline = pipeline;
    this.scorer = scorer;
    this.deployments = deployments;
    this.artifacts = artifacts;
    this.authors = authors;
  }

  /** Moves {@code artifact} on as far as it can go, in the background. */
  public void advance(ArtifactId artifact) {
    if (closed) {
      return;
    }
    workers.execute(() -> run(artifact));
  }

  /** After a restart: advances every artifact whose belt has a next step. */
  public void recover() {
    SystemState state = history.current();
    state.pipeline().allScores().keySet().stream()
        .flatMap(id -> state.artifact(id).stream())
        .filter(artifact -> next(state, artifact).isPresent())
        .map(RegisteredArtifact::id)
        .sorted(Comparator.comparing(ArtifactId::value))
        .forEach(this::advance);
  }

  /** What the belt does next at {@code stage}: score it, decide it again, or deploy there. */
  private enum Action {
    SCORE,
    RESCORE_SIGNED_OFF,
    DEPLOY
  }

  private record Next(Action action, Stage stage, Scoring scoring) {}

  /**
   * The belt's next step for {@code artifact}, decided from the history alone; empty when it has
   * stopped (a no-go, a sign-off not yet given, a deployment that did not succeed) or is through.
   */
  private Optional<Next> next(SystemState state, RegisteredArtifact artifact) {
    Map<EnvironmentName, Scoring> scores = state.scores(artifact.id());
    for (Stage stage : pipeline.stages()) {
      EnvironmentName env = stage.environment();
      Scoring scoring = scores.get(env);
      if (scoring == null) {
        return env.equals(pipeline.first()) // never submitted
            ? Optional.empty()
            : Optional.of(new Next(Action.SCORE, stage, null));
      }
      switch (scoring.scored().outcome()) {
        case NO_GO -> {
          return Optional.empty();
        }
        case AWAITING_SIGNOFF -> {
          return state.pipeline().signOff(artifact.id(), env).isEmpty()
              ? Optional.empty()
              : Optional.of(new Next(Action.RESCORE_SIGNED_OFF, stage, scoring));
        }
        case GO -> {
          if (stage.deploy().isPresent()) {
            Optional<Deployment> deployment = deployment(state, artifact, stage, scoring);
            if (deployment.isEmpty() || deployment.get().active()) {
              return Optional.of(new Next(Action.DEPLOY, stage, scoring));
            }
            if (deployment.get().status() != DeploymentStatus.SUCCEEDED) {
              return Optional.empty();
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private void run(ArtifactId id) {
    RegisteredArtifact artifact;
    try {
      artifact = artifacts.apply(id);
    } catch (RuntimeException e) {
      LOG.warn("pipeline: artifact {} is not known: {}", id, e.getMessage());
      return;
    }
    ReentrantLock lock = services.computeIfAbsent(artifact.service(), s -> new ReentrantLock());
    lock.lock();
    try {
      while (!closed && step(artifact)) {
        // each step recorded something; look again
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("pipeline: artifact {} stopped: {}", id.shortForm(), e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Takes the next step of the belt; false when there is none to take now. */
  private boolean step(RegisteredArtifact artifact) throws InterruptedException {
    SystemState state = history.current();
    Optional<Next> next = next(state, artifact);
    if (next.isEmpty()) {
      return false;
    }
    Stage stage = next.get().stage();
    Causation cause = Causation.system("pipeline " + artifact.id().shortForm());
    return switch (next.get().action()) {
      case SCORE -> {
        LOG.info("pipeline: scoring {} for {}", artifact.id().shortForm(), stage.environment());
        scorer.scoreLater(stage, artifact, authors.apply(artifact), true, cause);
        yield true;
      }
      case RESCORE_SIGNED_OFF -> {
        scorer.scoreLater(stage, artifact, authors.apply(artifact), false, cause);
        yield true;
      }
      case DEPLOY -> deployed(state, artifact, stage, next.get().scoring(), cause);
    };
  }

  /**
   * Whether the artifact is deployed at {@code stage}: starts the deployment if none began since
   * the scoring, and waits for it. False when it did not succeed.
   */
  private boolean deployed(
      SystemState state, RegisteredArtifact artifact, Stage stage, Scoring scoring, Causation cause)
      throws InterruptedException {
    Deployment deployment = deployment(state, artifact, stage, scoring).orElse(null);
    if (deployment == null) {
      DeploySpec spec = stage.deploy().orElseThrow();
      FleetKey fleet = new FleetKey(artifact.service(), stage.environment());
      // Someone else's deployment (a fix by hand, a rollback) runs there: ours waits its turn.
      Optional<Deployment> running = state.activeDeployment(fleet);
      while (running.isPresent()) {
        LOG.info(
            "pipeline: {} waits for {} to finish in {}",
            artifact.id().shortForm(),
            running.get().id(),
            fleet);
        deployments.awaitFinished(running.get().id(), DEPLOY_TIMEOUT);
        state = history.current();
        running = state.activeDeployment(fleet);
      }
      try {
        Plan plan =
            Strategy.named(spec.strategy())
                .plan(fleet, state.fleet(fleet), artifact.id(), spec.options());
        LOG.info(
            "pipeline: deploying {} to {} by {}",
            artifact.id().shortForm(),
            fleet,
            spec.strategy());
        deployment = deployments.start(plan, Actor.CONVEYOR, cause);
      } catch (ConveyorException e) {
        scorer.refuse(
            scoring,
            "The "
                + spec.strategy()
                + " deployment to "
                + fleet
                + " could not start: "
                + e.getMessage()
                + ".",
            cause);
        return false;
      }
    }
    if (deployment.active()) {
      deployment = deployments.awaitFinished(deployment.id(), DEPLOY_TIMEOUT);
    }
    return deployment.status() == DeploymentStatus.SUCCEEDED;
  }

  /** The deployment of the artifact into the stage's fleet started after its scoring, if any. */
  static Optional<Deployment> deployment(
      SystemState state, RegisteredArtifact artifact, Stage stage, Scoring scoring) {
    FleetKey fleet = new FleetKey(artifact.service(), stage.environment());
    return state.deployments().stream()
        .filter(d -> d.fleet().equals(fleet) && d.artifact().equals(artifact.id()))
        .filter(d -> d.startedSeq() > scoring.seq())
        .filter(d -> d.rollbackOf() == null)
        .max(Comparator.comparingLong(Deployment::startedSeq));
  }

  /** Stops taking steps; a deployment it started goes on under the controller. */
  @Override
  public void close() {
    closed = true;
    workers.shutdownNow();
  }
}
