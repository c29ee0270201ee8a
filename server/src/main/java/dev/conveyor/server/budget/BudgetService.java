package dev.conveyor.server.budget;

import dev.conveyor.core.budget.BudgetState;
import dev.conveyor.core.budget.BurnWindow.Level;
import dev.conveyor.core.budget.ErrorBudget;
import dev.conveyor.core.budget.MinuteEvents;
import dev.conveyor.core.budget.Objective;
import dev.conveyor.core.budget.SloConfig;
import dev.conveyor.core.budget.SloSpec;
import dev.conveyor.core.deploy.DeploymentGuard;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
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
  private final EnvironmentName production;
  private final InstantSource clock;

  public BudgetService(
      SloConfig config, MinuteSource minutes, EnvironmentName production, InstantSource clock) {
    this.config = config;
    this.minutes = minutes;
    this.production = production;
    this.clock = clock;
  }

  /**
   * One objective of one service, as it stands.
   *
   * @param attribution bad events in the window per artifact, largest first
   */
  public record ObjectiveState(
      ServiceName service,
      Objective objective,
      BudgetState state,
      java.util.Map<String, Long> attribution) {}

  /** Every objective of {@code service}, or of every service with objectives. */
  public List<ObjectiveState> states(Optional<ServiceName> service) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
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
                dev.conveyor.core.budget.BudgetAttribution.of(events, now, spec.window())));
      }
    }
    return states;
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
