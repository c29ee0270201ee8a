package dev.conveyor.core.history;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentStatus;
import dev.conveyor.core.event.ArtifactRegistered;
import dev.conveyor.core.event.ArtifactReviewed;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.ArtifactSignedOff;
import dev.conveyor.core.event.BudgetAlerted;
import dev.conveyor.core.event.DeploymentApproved;
import dev.conveyor.core.event.DeploymentFinished;
import dev.conveyor.core.event.DeploymentPaused;
import dev.conveyor.core.event.DeploymentResumed;
import dev.conveyor.core.event.DeploymentStarted;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.FleetExposed;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.InstanceChanged;
import dev.conveyor.core.event.InstanceLaunched;
import dev.conveyor.core.event.InstanceStarted;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StepFinished;
import dev.conveyor.core.event.StepStarted;
import dev.conveyor.core.event.SurveyRecorded;
import dev.conveyor.core.event.ThresholdAdjusted;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.IllegalTransitionException;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The state of the whole system after event {@code seq}: registered artifacts and every instance
 * that has not stopped. It is a pure fold of the history ({@link Folder}); it never changes once
 * built.
 */
public final class SystemState {
  private static final SystemState EMPTY =
      new SystemState(
          0,
          Instant.EPOCH,
          HashChain.GENESIS,
          Map.of(),
          Map.of(),
          Map.of(),
          Map.of(),
          PipelineRecords.EMPTY);

  private final long seq;
  private final Instant time;
  private final String hash;
  private final Map<ArtifactId, RegisteredArtifact> artifacts;
  private final Map<InstanceId, Instance> instances;
  private final Map<FleetKey, Integer> exposures;
  private final Map<DeploymentId, Deployment> deployments;
  private final PipelineRecords pipeline;

  SystemState(
      long seq,
      Instant time,
      String hash,
      Map<ArtifactId, RegisteredArtifact> artifacts,
      Map<InstanceId, Instance> instances,
      Map<FleetKey, Integer> exposures,
      Map<DeploymentId, Deployment> deployments,
      PipelineRecords pipeline) {
    this.seq = seq;
    this.time = time;
    this.hash = hash;
    this.artifacts = Collections.unmodifiableMap(artifacts);
    this.instances = Collections.unmodifiableMap(instances);
    this.exposures = Collections.unmodifiableMap(exposures);
    this.deployments = Collections.unmodifiableMap(deployments);
    this.pipeline = pipeline;
  }

  /** The state before the first event. */
  public static SystemState empty() {
    return EMPTY;
  }

  /** The sequence number of the last event folded in; 0 for the empty state. */
  public long seq() {
    return seq;
  }

  /** The time of the last event folded in. */
  public Instant time() {
    return time;
  }

  /** The hash of the last event folded in. */
  public String hash() {
    return hash;
  }

  public Collection<RegisteredArtifact> artifacts() {
    return artifacts.values();
  }

  public Optional<RegisteredArtifact> artifact(ArtifactId id) {
    return Optional.ofNullable(artifacts.get(id));
  }

  /** Every instance that has not stopped (failed ones stay until they are reaped). */
  public Collection<Instance> instances() {
    return instances.values();
  }

  public Optional<Instance> instance(InstanceId id) {
    return Optional.ofNullable(instances.get(id));
  }

  /** The instances of one fleet, ordered by id. */
  public List<Instance> fleet(FleetKey fleet) {
    List<Instance> members = new ArrayList<>();
    for (Instance instance : instances.values()) {
      if (instance.fleet().equals(fleet)) {
        members.add(instance);
      }
    }
    members.sort(Comparator.comparing(Instance::id));
    return members;
  }

  /** Scorings, reviews, sign-offs, surveys and threshold adjustments. */
  public PipelineRecords pipeline() {
    return pipeline;
  }

  /** The artifact's latest scoring in each environment it was scored in, by environment name. */
  public Map<EnvironmentName, Scoring> scores(ArtifactId artifact) {
    return pipeline.scores(artifact);
  }

  /** The artifact's reviews through the API, oldest first. */
  public List<ArtifactReviewed> reviews(ArtifactId artifact) {
    return pipeline.reviews(artifact);
  }

  /** The survey of the service's latest recorded week, if any. */
  public Optional<SurveyRecorded> latestSurvey(ServiceName service) {
    return pipeline.latestSurvey(service);
  }

  /** The router port each exposed fleet is served on. */
  public Map<FleetKey, Integer> exposures() {
    return exposures;
  }

  /** The router port the fleet is served on, if it is exposed. */
  public Optional<Integer> exposure(FleetKey fleet) {
    return Optional.ofNullable(exposures.get(fleet));
  }

  /** Every deployment: running and paused ones in full, finished ones as a summary. */
  public Collection<Deployment> deployments() {
    return deployments.values();
  }

  public Optional<Deployment> deployment(DeploymentId id) {
    return Optional.ofNullable(deployments.get(id));
  }

  /** The fleet's running or paused deployment, if it has one: there is at most one. */
  public Optional<Deployment> activeDeployment(FleetKey fleet) {
    return deployments.values().stream()
        .filter(d -> d.active() && d.fleet().equals(fleet))
        .findFirst();
  }

  /** The id the service's next deployment gets: one more than its deployments so far. */
  public DeploymentId nextDeploymentId(ServiceName service) {
    long count = deployments.keySet().stream().filter(id -> id.service().equals(service)).count();
    return DeploymentId.of(service, count + 1);
  }

  /** Every fleet that has at least one instance that has not stopped. */
  public SortedSet<FleetKey> fleets() {
    SortedSet<FleetKey> fleets = new TreeSet<>();
    for (Instance instance : instances.values()) {
      fleets.add(instance.fleet());
    }
    return fleets;
  }

  /** The state after this one and then {@code events}. */
  public SystemState fold(Iterable<RecordedEvent> events) {
    Folder folder = folder();
    for (RecordedEvent event : events) {
      folder.accept(event);
    }
    return folder.state();
  }

  /** Checks that {@code events} may follow this state, in order; throws the first rule broken. */
  public void check(List<Event> events) {
    Folder folder = folder();
    long next = seq;
    for (Event event : events) {
      folder.apply(++next, time, event);
    }
  }

  /** A mutable accumulator that folds events onto this state, for streaming long histories. */
  public Folder folder() {
    return new Folder(this);
  }

  /** Folds events one at a time, checking each against the rules; {@link #state()} freezes it. */
  public static final class Folder {
    private long seq;
    private Instant time;
    private String hash;
    private final Map<ArtifactId, RegisteredArtifact> artifacts;
    private final Map<InstanceId, Instance> instances;
    private final Map<FleetKey, Integer> exposures;
    private final Map<DeploymentId, Deployment> deployments;
    private final PipelineRecords.Builder pipeline;

    private Folder(SystemState from) {
      this.seq = from.seq;
      this.time = from.time;
      this.hash = from.hash;
      this.artifacts = new HashMap<>(from.artifacts);
      this.instances = new HashMap<>(from.instances);
      this.exposures = new HashMap<>(from.exposures);
      this.deployments = new HashMap<>(from.deployments);
      this.pipeline = from.pipeline.builder();
    }

    /** Folds in the next recorded event; it must be numbered right after the last one. */
    public void accept(RecordedEvent event) {
      if (event.seq() != seq + 1) {
        throw new InvalidInputException(
            "event " + event.seq() + " cannot follow event " + seq + ": the history has a gap");
      }
      apply(event.seq(), event.time(), event.event());
      hash = event.hash();
    }

    private void apply(long at, Instant when, Event event) {
      switch (event) {
        case ArtifactRegistered e -> {
          if (artifacts.containsKey(e.artifact())) {
            throw new ConflictException("artifact " + e.artifact() + " is already registered");
          }
          artifacts.put(
              e.artifact(),
              new RegisteredArtifact(
                  e.artifact(), e.service(), e.version(), e.size(), e.provenance(), when, at));
        }
        case ArtifactScored e -> {
          registered(e.artifact(), e.service());
          pipeline.apply(at, when, e);
        }
        case ArtifactReviewed e -> {
          registered(e.artifact(), e.service());
          pipeline.apply(at, when, e);
        }
        case ArtifactSignedOff e -> {
          registered(e.artifact(), e.service());
          pipeline.apply(at, when, e);
        }
        case SurveyRecorded e -> pipeline.apply(at, when, e);
        case ThresholdAdjusted e -> pipeline.apply(at, when, e);
        case BudgetAlerted e -> {
          // A notification: it changes nothing the state holds.
        }
        case FleetExposed e -> {
          for (Map.Entry<FleetKey, Integer> other : exposures.entrySet()) {
            if (other.getValue() == e.port() && !other.getKey().equals(e.fleet())) {
              throw new ConflictException(
                  "router port " + e.port() + " already serves fleet " + other.getKey());
            }
          }
          exposures.put(e.fleet(), e.port());
        }
        case InstanceLaunched e -> {
          registered(e.artifact(), e.fleet().service());
          if (instances.containsKey(e.instance())) {
            throw new ConflictException("instance " + e.instance() + " already exists");
          }
          instances.put(
              e.instance(),
              new Instance(
                  e.instance(),
                  e.fleet(),
                  e.artifact(),
                  ActivationState.STARTING,
                  0,
                  null,
                  when,
                  at));
        }
        case InstanceStarted e -> {
          Instance current = existing(e.instance(), e.fleet());
          if (current.state() != ActivationState.STARTING || current.endpoint() != null) {
            throw new ConflictException(
                "instance "
                    + e.instance()
                    + " cannot start at "
                    + e.endpoint()
                    + ": it is "
                    + current.state()
                    + (current.endpoint() == null ? "" : " at " + current.endpoint()));
          }
          instances.put(e.instance(), current.startedAt(e.endpoint(), when, at));
        }
        case InstanceChanged e -> {
          Instance current = existing(e.instance(), e.fleet());
          if (current.state() != e.from()) {
            throw new ConflictException(
                "instance " + e.instance() + " is " + current.state() + ", not " + e.from());
          }
          if (!e.from().canChangeTo(e.to())) {
            throw new IllegalTransitionException(e.instance(), e.from(), e.to());
          }
          if (e.from() == ActivationState.ACTIVE
              && e.to() == ActivationState.ACTIVE
              && current.weight() == e.weight()) {
            throw new InvalidInputException(
                "instance " + e.instance() + " already has weight " + e.weight());
          }
          if (e.to() == ActivationState.STOPPED) {
            instances.remove(e.instance());
          } else {
            instances.put(e.instance(), current.changedTo(e.to(), e.weight(), when, at));
          }
        }
        case DeploymentStarted e -> {
          if (deployments.containsKey(e.deployment())) {
            throw new ConflictException("deployment " + e.deployment() + " already exists");
          }
          for (Deployment other : deployments.values()) {
            if (other.active() && other.fleet().equals(e.fleet())) {
              throw new ConflictException(
                  "deployment "
                      + other.id()
                      + " is already "
                      + other.status().label()
                      + " on "
                      + e.fleet()
                      + " (step "
                      + Math.max(other.currentStep(), other.finishedSteps())
                      + " of "
                      + other.steps()
                      + "); wait for it, or abort it with 'conveyor deployment abort "
                      + other.id()
                      + "'");
            }
          }
          deployments.put(
              e.deployment(),
              new Deployment(
                  e.deployment(),
                  e.fleet(),
                  e.artifact(),
                  e.strategy(),
                  e.kind(),
                  e.rollbackOf(),
                  e.steps(),
                  e.plan(),
                  DeploymentStatus.RUNNING,
                  0,
                  0,
                  Map.of(),
                  Set.of(),
                  when,
                  at,
                  null,
                  null));
        }
        case StepStarted e -> {
          Deployment d = active(e.deployment(), e.fleet());
          int expected = d.finishedSteps() + 1;
          if (d.currentStep() != 0 || e.step() != expected) {
            throw new ConflictException(
                "deployment "
                    + d.id()
                    + " cannot start step "
                    + e.step()
                    + ": "
                    + (d.currentStep() != 0
                        ? "step " + d.currentStep() + " is in progress"
                        : "the next step is " + expected));
          }
          if (e.step() > d.steps()) {
            throw new InvalidInputException(
                "deployment " + d.id() + " has " + d.steps() + " steps, not " + e.step());
          }
          deployments.put(
              d.id(), with(d, d.status(), d.finishedSteps(), e.step(), d.slots(), d.approvals()));
        }
        case StepFinished e -> {
          Deployment d = active(e.deployment(), e.fleet());
          if (d.currentStep() != e.step()) {
            throw new ConflictException(
                "deployment "
                    + d.id()
                    + " cannot finish step "
                    + e.step()
                    + ": "
                    + (d.currentStep() == 0
                        ? "no step is in progress"
                        : "step " + d.currentStep() + " is"));
          }
          Map<String, InstanceId> slots = new HashMap<>(d.slots());
          if (e.slot() != null) {
            slots.put(e.slot(), e.instance());
          }
          deployments.put(d.id(), with(d, d.status(), e.step(), 0, slots, d.approvals()));
        }
        case DeploymentPaused e -> {
          Deployment d = active(e.deployment(), e.fleet());
          if (d.status() == DeploymentStatus.PAUSED) {
            throw new ConflictException("deployment " + d.id() + " is already paused");
          }
          deployments.put(
              d.id(),
              with(
                  d,
                  DeploymentStatus.PAUSED,
                  d.finishedSteps(),
                  d.currentStep(),
                  d.slots(),
                  d.approvals()));
        }
        case DeploymentResumed e -> {
          Deployment d = active(e.deployment(), e.fleet());
          if (d.status() != DeploymentStatus.PAUSED) {
            throw new ConflictException("deployment " + d.id() + " is not paused");
          }
          deployments.put(
              d.id(),
              with(
                  d,
                  DeploymentStatus.RUNNING,
                  d.finishedSteps(),
                  d.currentStep(),
                  d.slots(),
                  d.approvals()));
        }
        case DeploymentApproved e -> {
          Deployment d = active(e.deployment(), e.fleet());
          if (e.step() <= d.finishedSteps() || e.step() > d.steps()) {
            throw new ConflictException(
                "deployment "
                    + d.id()
                    + " step "
                    + e.step()
                    + " cannot be approved: it is not ahead");
          }
          Set<Integer> approvals = new java.util.HashSet<>(d.approvals());
          approvals.add(e.step());
          deployments.put(
              d.id(),
              with(d, d.status(), d.finishedSteps(), d.currentStep(), d.slots(), approvals));
        }
        case DeploymentFinished e -> {
          Deployment d = active(e.deployment(), e.fleet());
          // Once finished, a deployment keeps what it was and how it ended, not its plan: the
          // history has the rest, and the state stays small.
          deployments.put(
              d.id(),
              new Deployment(
                  d.id(),
                  d.fleet(),
                  d.artifact(),
                  d.strategy(),
                  d.kind(),
                  d.rollbackOf(),
                  d.steps(),
                  null,
                  e.result(),
                  d.finishedSteps(),
                  0,
                  Map.of(),
                  Set.of(),
                  d.started(),
                  d.startedSeq(),
                  when,
                  e.reason()));
        }
      }
      seq = at;
      time = when;
    }

    private Deployment active(DeploymentId id, FleetKey fleet) {
      Deployment d = deployments.get(id);
      if (d == null) {
        throw new NotFoundException("deployment " + id + " does not exist");
      }
      if (!d.fleet().equals(fleet)) {
        throw new InvalidInputException(
            "deployment " + id + " is on fleet " + d.fleet() + ", not " + fleet);
      }
      if (!d.active()) {
        throw new ConflictException(
            "deployment " + id + " has finished (" + d.status().label() + ")");
      }
      return d;
    }

    private static Deployment with(
        Deployment d,
        DeploymentStatus status,
        int finishedSteps,
        int currentStep,
        Map<String, InstanceId> slots,
        Set<Integer> approvals) {
      return new Deployment(
          d.id(),
          d.fleet(),
          d.artifact(),
          d.strategy(),
          d.kind(),
          d.rollbackOf(),
          d.steps(),
          d.plan(),
          status,
          finishedSteps,
          currentStep,
          slots,
          approvals,
          d.started(),
          d.startedSeq(),
          null,
          null);
    }

    /** The registered artifact {@code id}, which must be of {@code service}. */
    private RegisteredArtifact registered(ArtifactId id, ServiceName service) {
      RegisteredArtifact artifact = artifacts.get(id);
      if (artifact == null) {
        throw new NotFoundException(
            "artifact " + id + " is not registered; push it first with 'conveyor artifact push'");
      }
      if (!artifact.service().equals(service)) {
        throw new InvalidInputException(
            "artifact "
                + id.shortForm()
                + " belongs to service "
                + artifact.service()
                + ", not "
                + service);
      }
      return artifact;
    }

    private Instance existing(InstanceId id, FleetKey fleet) {
      Instance current = instances.get(id);
      if (current == null) {
        throw new NotFoundException("instance " + id + " does not exist or has stopped");
      }
      if (!current.fleet().equals(fleet)) {
        throw new InvalidInputException(
            "instance " + id + " belongs to fleet " + current.fleet() + ", not " + fleet);
      }
      return current;
    }

    /** The state folded so far. */
    public SystemState state() {
      return new SystemState(
          seq,
          time,
          hash,
          new HashMap<>(artifacts),
          new HashMap<>(instances),
          new HashMap<>(exposures),
          new HashMap<>(deployments),
          pipeline.build());
    }

    /** The sequence number of the last event folded in. */
    public long seq() {
      return seq;
    }
  }
}
