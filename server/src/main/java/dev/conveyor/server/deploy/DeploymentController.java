package dev.conveyor.server.deploy;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.ConveyorException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentGuard;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.deploy.StepOutcome;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.DeploymentApproved;
import dev.conveyor.core.event.DeploymentFinished;
import dev.conveyor.core.event.DeploymentPaused;
import dev.conveyor.core.event.DeploymentResumed;
import dev.conveyor.core.event.DeploymentStarted;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.InstanceLaunched;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StepFinished;
import dev.conveyor.core.event.StepStarted;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.plan.InstanceRef;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.PlanCodec;
import dev.conveyor.core.plan.PlanOutline;
import dev.conveyor.core.plan.RollbackPlanner;
import dev.conveyor.core.plan.Step;
import dev.conveyor.server.fleet.FleetOperator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies plans, one step at a time, each step's start and outcome recorded. Fleets change only
 * through these steps (and the single-instance changes they make through {@link FleetOperator}).
 *
 * <p>Crash-safe: everything a running deployment needs is in the history, so after a restart {@link
 * #recover} picks every running deployment up where it was. A step that may have half-happened is
 * checked against the fleet as it is, not assumed: a launch finds the instance its step started, a
 * change looks whether it already holds. A failed step, an instance failure or an abort ends the
 * deployment and starts a rollback: an ordinary plan of single-instance changes.
 */
public final class DeploymentController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);

  /** How often a waiting step (bake, approval, pause) looks at the world again. */
  static final Duration TICK = Duration.ofMillis(100);

  private final History history;
  private final FleetOperator operator;
  private final StepVerifier verifier;
  private final InstantSource clock;
  private final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<DeploymentId, String> aborts = new ConcurrentHashMap<>();
  private final Map<DeploymentId, String> progress = new ConcurrentHashMap<>();
  private final Map<DeploymentId, Boolean> running = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile DeploymentGuard guard = DeploymentGuard.NONE;

  public DeploymentController(
      History history, FleetOperator operator, StepVerifier verifier, InstantSource clock) {
    this.history = history;
    this.operator = operator;
    this.verifier = verifier;
    this.clock = clock;
  }

  // ---- starting ----

  /**
   * Starts applying {@code plan}: checks it against the fleet, records it, and runs it in the
   * background. Returns the deployment as recorded.
   *
   * @throws ConflictException if the fleet already has a running deployment
   */
  public Deployment start(Plan plan, Actor actor, Causation cause) {
    return start(plan, null, actor, cause);
  }

  /**
   * Starts {@code plan}; when the {@link DeploymentGuard} refuses it and {@code fix} is given (an
   * operator's reason for starting it anyway), it starts and the override is recorded.
   *
   * @throws ConflictException when the guard refuses and there is no {@code fix}
   */
  public Deployment start(Plan plan, String fix, Actor actor, Causation cause) {
    Optional<String> refusal = guard.refusal(plan);
    if (refusal.isPresent() && (fix == null || fix.isBlank())) {
      throw new ConflictException(
          refusal.get()
              + "; an operator may start it anyway as a fix, with the reason recorded (conveyor"
              + " deploy --fix REASON)");
    }
    return start(
        plan, DeploymentKind.DEPLOY, null, refusal.isPresent() ? fix.strip() : null, actor, cause);
  }

  /** What refuses new deployments from now on (the error-budget policy); rollbacks always pass. */
  public void guardWith(DeploymentGuard guard) {
    this.guard = guard;
  }

  private Deployment start(
      Plan plan,
      DeploymentKind kind,
      DeploymentId rollbackOf,
      String override,
      Actor actor,
      Causation cause) {
    // What is recorded must read back as the same plan, or a restart could not resume it.
    if (!PlanCodec.decode(PlanCodec.encode(plan)).equals(plan)) {
      throw new InvalidInputException(
          "the plan does not read back as written; this is a bug in Conveyor's plan encoding, and"
              + " nothing was started");
    }
    DeploymentId[] id = new DeploymentId[1];
    history.record(
        state -> {
          PlanOutline.of(plan, state.fleet(plan.fleet()));
          id[0] = state.nextDeploymentId(plan.fleet().service());
          return List.of(
              new EventDraft(actor, cause, started(id[0], plan, kind, rollbackOf, override)));
        });
    launchRunner(id[0]);
    return history.current().deployment(id[0]).orElseThrow();
  }

  private static DeploymentStarted started(
      DeploymentId id, Plan plan, DeploymentKind kind, DeploymentId rollbackOf, String override) {
    return new DeploymentStarted(
        id,
        plan.fleet(),
        plan.artifact(),
        plan.strategy(),
        kind,
        rollbackOf,
        plan.steps().size(),
        PlanCodec.encode(plan),
        override);
  }

  /** After a restart: runs every deployment the history says is running (or paused) again. */
  public void recover() {
    for (Deployment d : history.current().deployments()) {
      if (d.active()) {
        LOG.info(
            "resuming deployment {} at step {} of {}",
            d.id(),
            Math.max(d.currentStep(), d.finishedSteps() + 1),
            d.steps());
        launchRunner(d.id());
      }
    }
  }

  private void launchRunner(DeploymentId id) {
    if (closed || running.putIfAbsent(id, Boolean.TRUE) != null) {
      return;
    }
    runners.execute(
        () -> {
          try {
            run(id);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            // The history says where it stopped; a restart resumes it.
            LOG.error("deployment {} stopped unexpectedly; it resumes on the next start", id, e);
          } finally {
            running.remove(id);
          }
        });
  }

  // ---- operator commands ----

  public void pause(DeploymentId id, Actor actor, String reason) {
    Deployment d = active(id);
    history.record(
        s ->
            List.of(
                new EventDraft(
                    actor,
                    Causation.command("deployment pause"),
                    new DeploymentPaused(id, d.fleet(), reason))));
  }

  public void resume(DeploymentId id, Actor actor, String reason) {
    Deployment d = active(id);
    history.record(
        s ->
            List.of(
                new EventDraft(
                    actor,
                    Causation.command("deployment resume"),
                    new DeploymentResumed(id, d.fleet(), reason))));
  }

  /** Approves step {@code step} (the current one by default: pass 0). */
  public void approve(DeploymentId id, int step, Actor actor, String reason) {
    Deployment d = active(id);
    int target = step == 0 ? Math.max(d.currentStep(), d.finishedSteps() + 1) : step;
    history.record(
        s ->
            List.of(
                new EventDraft(
                    actor,
                    Causation.command("deployment approve"),
                    new DeploymentApproved(id, d.fleet(), target, reason))));
  }

  /** Stops the deployment at its current step and rolls it back; returns at once. */
  public void abort(DeploymentId id, Actor actor, String reason) {
    active(id);
    aborts.put(id, "aborted by " + actor + ": " + reason);
    launchRunner(id); // a paused or orphaned deployment needs a runner to carry the abort out
  }

  /**
   * Rolls the fleet back: aborts its running deployment, or, if none runs, undoes its last
   * successful deployment (the fleet returns to how it was just before that one started). Returns
   * the deployment that carries the rollback out, if there is anything to undo.
   */
  public Optional<DeploymentId> rollback(FleetKey fleet, Actor actor, String reason) {
    SystemState state = history.current();
    Optional<Deployment> running = state.activeDeployment(fleet);
    if (running.isPresent()) {
      abort(running.get().id(), actor, reason);
      return Optional.of(running.get().id());
    }
    Deployment last =
        state.deployments().stream()
            .filter(
                d ->
                    d.fleet().equals(fleet)
                        && d.status() == DeploymentStatus.SUCCEEDED
                        && d.kind() == DeploymentKind.DEPLOY)
            .max(java.util.Comparator.comparingLong(Deployment::startedSeq))
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "fleet " + fleet + " has no successful deployment to roll back"));
    return rollbackTo(
            last,
            actor,
            Causation.command("rollback"),
            "rollback of " + last.id() + " by " + actor + ": " + reason)
        .map(Deployment::id);
  }

  private Optional<Deployment> rollbackTo(
      Deployment undone, Actor actor, Causation cause, String why) {
    List<Instance> then = history.at(undone.startedSeq() - 1).fleet(undone.fleet());
    List<Instance> now = history.current().fleet(undone.fleet());
    return RollbackPlanner.plan(undone.fleet(), then, now, undone.artifact())
        .map(plan -> start(plan, DeploymentKind.ROLLBACK, undone.id(), null, actor, cause));
  }

  private Deployment active(DeploymentId id) {
    Deployment d =
        history
            .current()
            .deployment(id)
            .orElseThrow(() -> new NotFoundException("deployment " + id + " does not exist"));
    if (!d.active()) {
      throw new ConflictException(
          "deployment " + id + " has finished (" + d.status().label() + ")");
    }
    return d;
  }

  /** What the deployment's current step is doing, as it goes (e.g. a verification's evidence). */
  public Optional<String> progress(DeploymentId id) {
    return Optional.ofNullable(progress.get(id));
  }

  // ---- running ----

  private void run(DeploymentId id) throws InterruptedException {
    while (!closed) {
      Deployment d = history.current().deployment(id).orElseThrow();
      if (!d.active()) {
        return;
      }
      String abort = aborts.get(id);
      if (abort != null) {
        end(d, DeploymentStatus.ABORTED, abort, d.currentStep());
        return;
      }
      if (d.status() == DeploymentStatus.PAUSED) {
        Thread.sleep(TICK.toMillis());
        continue;
      }
      if (d.finishedSteps() == d.steps()) {
        finish(
            d,
            DeploymentStatus.SUCCEEDED,
            d.steps() == 1 ? "its one step done" : "all " + d.steps() + " steps done");
        return;
      }
      Plan plan = PlanCodec.decode(d.plan());
      boolean resuming = d.currentStep() != 0;
      int n = resuming ? d.currentStep() : d.finishedSteps() + 1;
      Step step = plan.steps().get(n - 1);
      if (!resuming) {
        history.record(
            s -> List.of(draft(id, n, new StepStarted(id, d.fleet(), n, step.describe()))));
      }
      Done done;
      try {
        done = execute(d, plan, n, step, resuming);
      } catch (ConveyorException e) {
        done = new Done(StepOutcome.FAILED, e.getMessage(), null, null, null);
      } finally {
        progress.remove(id);
      }
      Done result = done;
      history.record(
          s ->
              List.of(
                  draft(
                      id,
                      n,
                      new StepFinished(
                          id,
                          d.fleet(),
                          n,
                          result.outcome(),
                          result.detail(),
                          result.slot(),
                          result.instance(),
                          result.evidence()))));
      if (result.outcome() == StepOutcome.FAILED || result.outcome() == StepOutcome.INCONCLUSIVE) {
        String why =
            aborts.getOrDefault(
                id, "step " + n + " " + result.outcome().label() + ": " + result.detail());
        end(
            history.current().deployment(id).orElseThrow(),
            aborts.containsKey(id) ? DeploymentStatus.ABORTED : DeploymentStatus.FAILED,
            why,
            0);
        return;
      }
    }
  }

  /** How a step ended, and what the history records of it. */
  private record Done(
      StepOutcome outcome, String detail, String slot, InstanceId instance, String evidence) {
    static Done done(String detail) {
      return new Done(StepOutcome.DONE, detail, null, null, null);
    }
  }

  private Done execute(Deployment d, Plan plan, int n, Step step, boolean resuming)
      throws InterruptedException {
    Causation cause = Causation.step(d.id().value(), n);
    return switch (step) {
      case Step.Launch l -> launch(d, n, l, cause, resuming);
      case Step.Change c -> change(d, c, cause);
      case Step.Verify v -> verify(d, n, v);
      case Step.Bake b -> bake(d, n, b);
      case Step.Approve a -> approve(d, n, a);
    };
  }

  private Done launch(Deployment d, int n, Step.Launch step, Causation cause, boolean resuming) {
    if (resuming) {
      Optional<InstanceId> earlier = launchedBy(d, cause);
      Optional<Instance> instance = earlier.flatMap(history.current()::instance);
      if (instance.isPresent() && instance.get().state() == ActivationState.STANDBY) {
        return new Done(
            StepOutcome.DONE,
            "launched " + instance.get().id() + " (found after a restart)",
            step.slot().name(),
            instance.get().id(),
            null);
      }
      // Not there, or caught mid-start (reconcile failed it): launch again.
    }
    InstanceId id = operator.launch(d.fleet(), step.artifact(), Actor.CONVEYOR, cause);
    Instance instance = history.current().instance(id).orElseThrow();
    return new Done(
        StepOutcome.DONE,
        "launched " + id + " at " + instance.endpoint(),
        step.slot().name(),
        id,
        null);
  }

  /** The instance a launch step started, found in the history by its cause. */
  private Optional<InstanceId> launchedBy(Deployment d, Causation cause) {
    List<RecordedEvent> events =
        history
            .store()
            .read(
                EventQuery.all(EventQuery.MAX_LIMIT).after(d.startedSeq()).of(d.fleet().service()));
    for (RecordedEvent e : events) {
      if (e.causation().equals(cause) && e.event() instanceof InstanceLaunched launched) {
        return Optional.of(launched.instance());
      }
    }
    return Optional.empty();
  }

  private Done change(Deployment d, Step.Change step, Causation cause) {
    InstanceId id = resolve(d, step.target());
    Optional<Instance> current = history.current().instance(id);
    switch (step.action()) {
      case DEACTIVATE -> {
        if (current.isEmpty()) {
          return Done.done(id + " was already stopped");
        }
        try {
          operator.deactivate(id, "step " + cause.id(), Actor.CONVEYOR, cause);
        } catch (NotFoundException gone) {
          // The watchdog reaped it meanwhile: what this step wanted has happened.
          return Done.done(id + " was already stopped");
        }
        return Done.done("deactivated " + id);
      }
      case ACTIVATE -> {
        Instance instance =
            current.orElseThrow(
                () -> new NotFoundException("instance " + id + " does not exist or has stopped"));
        if (instance.state() == ActivationState.ACTIVE && instance.weight() == step.weight()) {
          return Done.done(id + " already has weight " + step.weight());
        }
        operator.change(
            id, ActivationState.ACTIVE, step.weight(), "step " + cause.id(), Actor.CONVEYOR, cause);
        return Done.done(id + " active with weight " + step.weight());
      }
      default -> {
        ActivationState to =
            step.action() == Step.Action.STANDBY ? ActivationState.STANDBY : ActivationState.SHADOW;
        Instance instance =
            current.orElseThrow(
                () -> new NotFoundException("instance " + id + " does not exist or has stopped"));
        if (instance.state() == to) {
          return Done.done(id + " was already " + to);
        }
        operator.change(id, to, 0, "step " + cause.id(), Actor.CONVEYOR, cause);
        return Done.done(id + " " + to);
      }
    }
  }

  private InstanceId resolve(Deployment d, InstanceRef ref) {
    return switch (ref) {
      case InstanceRef.Existing e -> e.id();
      case InstanceRef.Slot s -> {
        InstanceId id = history.current().deployment(d.id()).orElseThrow().slots().get(s.name());
        if (id == null) {
          throw new InvalidInputException(
              "slot " + s + " has no instance: its launch step did not run");
        }
        yield id;
      }
    };
  }

  private Done verify(Deployment d, int n, Step.Verify step) throws InterruptedException {
    List<InstanceId> candidates = step.candidates().stream().map(r -> resolve(d, r)).toList();
    List<InstanceId> baseline = step.baseline().stream().map(r -> resolve(d, r)).toList();
    StepVerifier.Result result =
        verifier.verify(
            new StepVerifier.Request(
                d.id(),
                n,
                d.fleet(),
                step,
                candidates,
                baseline,
                () ->
                    closed || aborts.containsKey(d.id()) || failedCandidate(candidates).isPresent(),
                text -> progress.put(d.id(), text)));
    Optional<String> failed = failedCandidate(candidates);
    if (failed.isPresent()) {
      return new Done(StepOutcome.FAILED, failed.get(), null, null, result.evidence());
    }
    if (aborts.containsKey(d.id())) {
      return new Done(StepOutcome.FAILED, aborts.get(d.id()), null, null, result.evidence());
    }
    if (result.outcome() == StepOutcome.INCONCLUSIVE
        && step.spec().onInconclusive() == dev.conveyor.core.verify.OnInconclusive.APPROVE) {
      return approveInconclusive(d, n, result);
    }
    return new Done(result.outcome(), result.detail(), null, null, result.evidence());
  }

  /** How long an inconclusive verification waits for a person before it counts as failed. */
  static final Duration INCONCLUSIVE_APPROVAL_TIMEOUT = Duration.ofHours(1);

  /** An inconclusive verification whose spec asks a person: pass if approved in time, else fail. */
  private Done approveInconclusive(Deployment d, int n, StepVerifier.Result result)
      throws InterruptedException {
    Instant until = clock.instant().plus(INCONCLUSIVE_APPROVAL_TIMEOUT);
    while (clock.instant().isBefore(until)) {
      if (closed) {
        throw new InterruptedException("server closing");
      }
      if (aborts.containsKey(d.id())) {
        return new Done(StepOutcome.FAILED, aborts.get(d.id()), null, null, result.evidence());
      }
      if (history.current().deployment(d.id()).orElseThrow().approvals().contains(n)) {
        return new Done(
            StepOutcome.PASSED,
            "inconclusive, then approved: " + result.detail(),
            null,
            null,
            result.evidence());
      }
      progress.put(d.id(), "inconclusive, waiting for approval: " + result.detail());
      Thread.sleep(TICK.toMillis());
    }
    return new Done(
        StepOutcome.FAILED,
        "inconclusive and not approved within "
            + dev.conveyor.core.plan.Durations.human(INCONCLUSIVE_APPROVAL_TIMEOUT)
            + ": "
            + result.detail(),
        null,
        null,
        result.evidence());
  }

  /** A candidate that no longer serves (it failed, and the watchdog reaped it), in words. */
  private Optional<String> failedCandidate(List<InstanceId> candidates) {
    SystemState state = history.current();
    for (InstanceId id : candidates) {
      Optional<Instance> instance = state.instance(id);
      if (instance.isEmpty() || instance.get().state() == ActivationState.FAILED) {
        return Optional.of("candidate instance " + id + " failed while it was being verified");
      }
    }
    return Optional.empty();
  }

  private Done bake(Deployment d, int n, Step.Bake step) throws InterruptedException {
    Instant until = stepStarted(d, n).plus(step.duration());
    List<InstanceId> candidates = candidateInstances(d);
    while (clock.instant().isBefore(until)) {
      if (closed) {
        throw new InterruptedException("server closing");
      }
      if (aborts.containsKey(d.id())) {
        return new Done(StepOutcome.FAILED, aborts.get(d.id()), null, null, null);
      }
      Optional<String> failed = failedCandidate(candidates);
      if (failed.isPresent()) {
        return new Done(
            StepOutcome.FAILED, failed.get().replace("being verified", "baking"), null, null, null);
      }
      progress.put(
          d.id(),
          "baking: " + java.time.Duration.between(clock.instant(), until).toSeconds() + "s left");
      Thread.sleep(TICK.toMillis());
    }
    return Done.done("baked " + dev.conveyor.core.plan.Durations.human(step.duration()));
  }

  /** The instances of the deployment's artifact that its launch steps started and still run. */
  private List<InstanceId> candidateInstances(Deployment d) {
    Deployment now = history.current().deployment(d.id()).orElseThrow();
    List<InstanceId> ids = new ArrayList<>();
    for (InstanceId id : now.slots().values()) {
      history
          .current()
          .instance(id)
          .filter(i -> i.artifact().equals(d.artifact()))
          .ifPresent(i -> ids.add(id));
    }
    return ids;
  }

  private Done approve(Deployment d, int n, Step.Approve step) throws InterruptedException {
    Instant until = stepStarted(d, n).plus(step.timeout());
    while (clock.instant().isBefore(until)) {
      if (closed) {
        throw new InterruptedException("server closing");
      }
      if (aborts.containsKey(d.id())) {
        return new Done(StepOutcome.FAILED, aborts.get(d.id()), null, null, null);
      }
      if (history.current().deployment(d.id()).orElseThrow().approvals().contains(n)) {
        return Done.done("approved");
      }
      progress.put(d.id(), "waiting for approval by " + String.join(" or ", step.approvers()));
      Thread.sleep(TICK.toMillis());
    }
    return new Done(
        StepOutcome.FAILED,
        "not approved within " + dev.conveyor.core.plan.Durations.human(step.timeout()),
        null,
        null,
        null);
  }

  /** When step {@code n} of the deployment started, from the history. */
  private Instant stepStarted(Deployment d, int n) {
    List<RecordedEvent> events =
        history
            .store()
            .read(
                EventQuery.all(EventQuery.MAX_LIMIT)
                    .after(d.startedSeq() - 1)
                    .of(d.fleet().service())
                    .reversed());
    for (RecordedEvent e : events) {
      if (e.event() instanceof StepStarted s && s.deployment().equals(d.id()) && s.step() == n) {
        return e.time();
      }
    }
    return clock.instant();
  }

  // ---- ending ----

  /**
   * Ends a deployment that failed or was aborted: the step in progress (if any) is recorded as
   * failed, the deployment as finished, and — in the same append, so that a crash cannot leave a
   * failed deployment without its rollback — the rollback deployment as started.
   */
  private void end(Deployment d, DeploymentStatus result, String why, int stepInProgress) {
    history.record(
        state -> {
          List<EventDraft> drafts = new ArrayList<>();
          if (stepInProgress != 0) {
            drafts.add(
                draft(
                    d.id(),
                    stepInProgress,
                    new StepFinished(
                        d.id(),
                        d.fleet(),
                        stepInProgress,
                        StepOutcome.FAILED,
                        why,
                        null,
                        null,
                        null)));
          }
          Optional<Plan> undo =
              d.kind() == DeploymentKind.ROLLBACK
                  ? Optional.empty()
                  : RollbackPlanner.plan(
                      d.fleet(),
                      history.at(d.startedSeq() - 1).fleet(d.fleet()),
                      state.fleet(d.fleet()),
                      d.artifact());
          DeploymentId next = state.nextDeploymentId(d.fleet().service());
          String reason =
              why
                  + (undo.isPresent()
                      ? "; rolled back by " + next
                      : d.kind() == DeploymentKind.ROLLBACK
                          ? "; the rollback itself failed: the fleet needs an operator"
                          : "; nothing to roll back");
          drafts.add(
              new EventDraft(
                  Actor.CONVEYOR,
                  Causation.system("deployment " + d.id()),
                  new DeploymentFinished(d.id(), d.fleet(), result, reason)));
          undo.ifPresent(
              plan ->
                  drafts.add(
                      new EventDraft(
                          Actor.CONVEYOR,
                          Causation.system("rollback of " + d.id()),
                          started(next, plan, DeploymentKind.ROLLBACK, d.id(), null))));
          return drafts;
        });
    aborts.remove(d.id());
    history
        .current()
        .activeDeployment(d.fleet())
        .ifPresent(rollback -> launchRunner(rollback.id()));
  }

  private void finish(Deployment d, DeploymentStatus result, String reason) {
    history.record(
        s ->
            List.of(
                new EventDraft(
                    Actor.CONVEYOR,
                    Causation.system("deployment " + d.id()),
                    new DeploymentFinished(d.id(), d.fleet(), result, reason))));
  }

  private static EventDraft draft(DeploymentId id, int step, dev.conveyor.core.event.Event event) {
    return new EventDraft(Actor.CONVEYOR, Causation.step(id.value(), step), event);
  }

  /** Waits until the deployment has finished (for the CLI's --watch and for tests). */
  public Deployment awaitFinished(DeploymentId id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Deployment d =
          history
              .current()
              .deployment(id)
              .orElseThrow(() -> new NotFoundException("deployment " + id + " does not exist"));
      if (!d.active()) {
        return d;
      }
      Thread.sleep(TICK.toMillis());
    }
    throw new ConflictException("deployment " + id + " did not finish within " + timeout);
  }

  /** Stops running deployments where they are; the next start resumes them. */
  @Override
  public void close() {
    closed = true;
    runners.shutdown();
    try {
      if (!runners.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        runners.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      runners.shutdownNow();
    }
  }
}
