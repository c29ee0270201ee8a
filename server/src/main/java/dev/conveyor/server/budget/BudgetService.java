package dev.conveyor.server.budget;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.budget.BudgetAttribution;
import dev.conveyor.core.budget.BudgetState;
import dev.conveyor.core.budget.BurnDown;
import dev.conveyor.core.budget.BurnWindow.Level;
import dev.conveyor.core.budget.ErrorBudget;
import dev.conveyor.core.budget.MinuteEvents;
import dev.conveyor.core.budget.Objective;
import dev.conveyor.core.budget.ObjectiveKind;
import dev.conveyor.core.budget.SloConfig;
import dev.conveyor.core.budget.SloSpec;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentGuard;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.DeploymentKind;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The error budgets of the services with objectives, in their production environment, now: each
 * objective's budget, burn rates and alert level. It is also the {@link DeploymentGuard} that
 * refuses new production deployments while a budget is exhausted (when the policy says so), naming
 * until when if nothing else fails.
 */
public final class BudgetService implements DeploymentGuard {
  private final SloConfig config;
  private final MinuteSource minutes;
  private final History history;
  private final EnvironmentName production;
  private final InstantSource clock;

  /** The objectives' states when each recent deployment started: its exposure allowances. */
  private final java.util.Map<DeploymentId, List<ObjectiveState>> atStart =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(
            java.util.Map.Entry<DeploymentId, List<ObjectiveState>> eldest) {
          return size() > 64;
        }
      };

  /** What each rollback brought back, once read from the history. */
  private final java.util.Map<DeploymentId, List<String>> restored = new java.util.HashMap<>();

  public BudgetService(
      SloConfig config,
      MinuteSource minutes,
      History history,
      EnvironmentName production,
      InstantSource clock) {
    this.config = config;
    this.minutes = minutes;
    this.history = history;
    this.production = production;
    this.clock = clock;
  }

  /**
   * One objective of one service, as it stands.
   *
   * @param attribution bad events in the window per deployment, largest first
   */
  public record ObjectiveState(
      ServiceName service,
      Objective objective,
      BudgetState state,
      List<BudgetAttribution.Spent> attribution) {}

  public SloConfig config() {
    return config;
  }

  /** Every objective of {@code service}, or of every service with objectives, now. */
  public List<ObjectiveState> states(Optional<ServiceName> service) {
    return states(service, clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Every objective of {@code service} (or of every service) as it stood at {@code now}: the minute
   * that ran then counts up to {@code now}.
   */
  public List<ObjectiveState> states(Optional<ServiceName> service, Instant now) {
    List<ObjectiveState> states = new ArrayList<>();
    for (SloSpec spec : config.services().values()) {
      if (service.isPresent() && !service.get().equals(spec.service())) {
        continue;
      }
      // The longest alert window is 3 days; the budget's is the spec's.
      Duration span =
          spec.window().compareTo(Duration.ofDays(3)) > 0 ? spec.window() : Duration.ofDays(3);
      for (Objective objective : spec.objectives()) {
        List<MinuteEvents> events =
            minutes.events(spec.service(), production, objective, now.minus(span), now);
        states.add(
            new ObjectiveState(
                spec.service(),
                objective,
                BudgetState.evaluate(objective, events, now, spec.window()),
                BudgetAttribution.of(
                    events, deployed(spec.service()), now.minus(spec.window()), now)));
      }
    }
    return states;
  }

  /**
   * The burn-down series of one objective: {@code points} moments evenly over {@code span} up to
   * now, the budget remaining at each over the objective's window ending there.
   *
   * @throws NotFoundException when the service has no such objective
   * @throws InvalidInputException when the span is not 1 minute to {@link SloConfig#BURN_DOWN_SPAN}
   */
  public List<BurnDown.Point> burnDown(
      ServiceName service, String objectiveName, Duration span, int points) {
    SloSpec spec =
        config
            .service(service)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "service "
                            + service
                            + " has no objectives; the objectives file names "
                            + (config.services().isEmpty()
                                ? "none (start the server with --slos FILE)"
                                : String.join(
                                    ", ",
                                    config.services().keySet().stream()
                                        .map(ServiceName::value)
                                        .toList()))));
    Objective objective =
        spec.objectives().stream()
            .filter(o -> o.name().equals(objectiveName))
            .findFirst()
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "service "
                            + service
                            + " has no objective '"
                            + objectiveName
                            + "'; it has "
                            + String.join(
                                ", ", spec.objectives().stream().map(Objective::name).toList())));
    if (span.compareTo(Duration.ofMinutes(1)) < 0 || span.compareTo(SloConfig.BURN_DOWN_SPAN) > 0) {
      throw new InvalidInputException(
          "a burn-down spans 1m to 7d (minutes are kept for the window plus 7 days), got "
              + dev.conveyor.core.plan.Durations.human(span));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Duration step = points == 1 ? span : span.dividedBy(points - 1);
    List<MinuteEvents> events =
        minutes.events(
            service,
            production,
            objective,
            now.minus(span).minus(spec.window()),
            now.plusSeconds(1));
    return BurnDown.of(objective, events, now, spec.window(), step, points);
  }

  /** The production deployments of {@code service}, as attribution sees them. */
  private List<BudgetAttribution.Deployed> deployed(ServiceName service) {
    FleetKey fleet = new FleetKey(service, production);
    List<BudgetAttribution.Deployed> deployed = new ArrayList<>();
    SystemState now = history.current();
    for (Deployment d : now.deployments()) {
      if (!d.fleet().equals(fleet)) {
        continue;
      }
      if (d.kind() != DeploymentKind.ROLLBACK) {
        deployed.add(
            new BudgetAttribution.Deployed(d.id().value(), d.artifact().value(), d.started()));
        continue;
      }
      for (String artifact : restoredBy(now, d)) {
        deployed.add(new BudgetAttribution.Deployed(d.id().value(), artifact, d.started()));
      }
    }
    return deployed;
  }

  /**
   * The artifacts a rollback brings back: those the fleet served (active) just before the
   * deployment it undoes started. (Its own {@code artifact} names what it rolls back.) A fact of
   * the history, so kept once read.
   */
  private List<String> restoredBy(SystemState now, Deployment rollback) {
    synchronized (restored) {
      List<String> known = restored.get(rollback.id());
      if (known != null) {
        return known;
      }
    }
    List<String> artifacts =
        now.deployments().stream()
            .filter(u -> u.id().equals(rollback.rollbackOf()))
            .findFirst()
            .map(
                undone ->
                    history.at(undone.startedSeq() - 1).fleet(undone.fleet()).stream()
                        .filter(i -> i.state() == ActivationState.ACTIVE)
                        .map(i -> i.artifact().value())
                        .filter(a -> !a.equals(rollback.artifact().value()))
                        .distinct()
                        .toList())
            .orElse(List.of());
    synchronized (restored) {
      restored.put(rollback.id(), artifacts);
    }
    return artifacts;
  }

  /** What a deployment spent of one objective's budget since it started, and what was left then. */
  public record Spending(String objective, double remainingAtStart, long spent) {}

  /**
   * What a running production deployment spent, per request objective of its service (a flow's
   * minutes belong to no deployment), for the exposure cap. Empty for other environments, services
   * without objectives, and objectives with nothing left to cap when it started (no events yet, or
   * spent: such a deployment was refused, or is an operator's fix).
   */
  public List<Spending> spending(Deployment deployment) {
    if (!deployment.fleet().environment().equals(production)) {
      return List.of();
    }
    // What was left when it started, to the second (the minute that ran then counts up to it),
    // fixed once read so that its own spending leaves the allowance as it was. After a restart the
    // start's minute is read whole from the store: the allowance then also counts what the rest of
    // that minute served.
    Instant startedAt = deployment.started().truncatedTo(ChronoUnit.SECONDS);
    Instant started = deployment.started().truncatedTo(ChronoUnit.MINUTES);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<ObjectiveState> atStarts;
    synchronized (atStart) {
      atStarts =
          atStart.computeIfAbsent(
              deployment.id(), id -> states(Optional.of(deployment.fleet().service()), startedAt));
    }
    List<Spending> spending = new ArrayList<>();
    for (ObjectiveState then : atStarts) {
      Objective objective = then.objective();
      double remaining = then.state().budget().remaining();
      if (objective.kind() == ObjectiveKind.FLOW
          || then.state().budget().events() == 0
          || remaining <= 0) {
        continue;
      }
      List<MinuteEvents> since =
          minutes.events(
              deployment.fleet().service(), production, objective, started, now.plusSeconds(1));
      long spent =
          BudgetAttribution.spentBy(
              deployment.id().value(),
              since,
              deployed(deployment.fleet().service()),
              started,
              now.plusSeconds(1));
      spending.add(new Spending(objective.name(), remaining, spent));
    }
    return spending;
  }

  /** The share of budget left of {@code service}'s tightest objective; empty without objectives. */
  public OptionalDouble remaining(ServiceName service) {
    return states(Optional.of(service)).stream()
        .mapToDouble(s -> s.state().budget().remainingFraction())
        .min();
  }

  @Override
  public Optional<String> refusal(Plan plan) {
    if (!config.policy().refuseWhenExhausted() || !plan.fleet().environment().equals(production)) {
      return Optional.empty();
    }
    return states(Optional.of(plan.fleet().service())).stream()
        .filter(s -> s.state().level() == Level.EXHAUSTED)
        .min(Comparator.comparingDouble(s -> s.state().budget().remainingFraction()))
        .map(this::refusal);
  }

  private String refusal(ObjectiveState s) {
    ErrorBudget budget = s.state().budget();
    return String.format(
        Locale.ROOT,
        "the error budget of %s is exhausted (objective %s: %.0f%% left, %d bad of %.1f allowed"
            + " over %s); new %s deployments are refused%s",
        s.service(),
        s.objective().name(),
        budget.remainingFraction() * 100,
        budget.bad(),
        budget.allowed(),
        config.service(s.service()).orElseThrow().window().toDays() + "d",
        production,
        recovery(s).map(t -> " until about " + t + " if no more requests fail").orElse(""));
  }

  /**
   * When the window will have slid past enough bad minutes for the budget to be whole again, if no
   * more events come: the earliest minute boundary at which the remaining events are within budget.
   */
  private Optional<Instant> recovery(ObjectiveState s) {
    SloSpec spec = config.service(s.service()).orElseThrow();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    List<MinuteEvents> events =
        new ArrayList<>(
            minutes.events(s.service(), production, s.objective(), now.minus(spec.window()), now));
    events.sort(Comparator.comparing(MinuteEvents::minute));
    long total = events.stream().mapToLong(MinuteEvents::total).sum();
    long bad = events.stream().mapToLong(MinuteEvents::bad).sum();
    for (MinuteEvents leaving : events) {
      total -= leaving.total();
      bad -= leaving.bad();
      if (bad <= s.objective().budgetShare() * total) {
        return Optional.of(leaving.minute().plus(spec.window()).plus(Duration.ofMinutes(1)));
      }
    }
    return Optional.empty();
  }
}
