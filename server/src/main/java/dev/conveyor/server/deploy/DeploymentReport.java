package dev.conveyor.server.deploy;

import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.deploy.Deployment;
import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.event.DeploymentApproved;
import dev.conveyor.core.event.DeploymentFinished;
import dev.conveyor.core.event.DeploymentStarted;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.StepFinished;
import dev.conveyor.core.event.StepStarted;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.History;
import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.PlanCodec;
import dev.conveyor.core.plan.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment with every step's story, read back from the history: when each step started and
 * ended, how, and with what evidence. Finished deployments keep only a summary in the state, so
 * this is where their plan and steps come from.
 */
public record DeploymentReport(
    Deployment deployment, Plan plan, Actor startedBy, List<StepReport> steps) {

  /** Who started the deployment (the actor of its start event). */
  public record Actor(String name) {}

  /** One step: its description, and, once it ran, when and how. */
  public record StepReport(
      int number,
      String description,
      String state,
      Instant started,
      Instant finished,
      String detail,
      String evidence,
      String approvedBy) {}

  /** The report of deployment {@code id}. */
  public static DeploymentReport of(History history, DeploymentId id) {
    Deployment d =
        history
            .current()
            .deployment(id)
            .orElseThrow(() -> new NotFoundException("deployment " + id + " does not exist"));
    List<RecordedEvent> events = new ArrayList<>();
    long after = d.startedSeq() - 1;
    boolean ended = false;
    while (!ended) {
      List<RecordedEvent> page =
          history
              .store()
              .read(EventQuery.all(EventQuery.MAX_LIMIT).after(after).of(d.fleet().service()));
      for (RecordedEvent e : page) {
        if (belongsTo(e, id)) {
          events.add(e);
          ended |= e.event() instanceof DeploymentFinished;
        }
      }
      ended |= page.size() < EventQuery.MAX_LIMIT;
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).seq();
      }
    }
    Plan plan = null;
    String startedBy = "?";
    for (RecordedEvent e : events) {
      if (e.event() instanceof DeploymentStarted started) {
        plan = PlanCodec.decode(started.plan());
        startedBy = e.actor().name();
      }
    }
    if (plan == null) {
      throw new NotFoundException("deployment " + id + " has no start in the history");
    }
    List<StepReport> steps = new ArrayList<>();
    for (int i = 0; i < plan.steps().size(); i++) {
      Step step = plan.steps().get(i);
      steps.add(new StepReport(i + 1, step.describe(), "pending", null, null, null, null, null));
    }
    for (RecordedEvent e : events) {
      switch (e.event()) {
        case StepStarted s -> {
          StepReport r = steps.get(s.step() - 1);
          steps.set(
              s.step() - 1,
              new StepReport(
                  r.number(),
                  r.description(),
                  "running",
                  e.time(),
                  null,
                  null,
                  null,
                  r.approvedBy()));
        }
        case StepFinished f -> {
          StepReport r = steps.get(f.step() - 1);
          steps.set(
              f.step() - 1,
              new StepReport(
                  r.number(),
                  r.description(),
                  f.outcome().label(),
                  r.started(),
                  e.time(),
                  f.detail(),
                  f.evidence(),
                  r.approvedBy()));
        }
        case DeploymentApproved a -> {
          StepReport r = steps.get(a.step() - 1);
          steps.set(
              a.step() - 1,
              new StepReport(
                  r.number(),
                  r.description(),
                  r.state(),
                  r.started(),
                  r.finished(),
                  r.detail(),
                  r.evidence(),
                  e.actor().name() + ": " + a.reason()));
        }
        default -> {}
      }
    }
    return new DeploymentReport(d, plan, new Actor(startedBy), steps);
  }

  private static boolean belongsTo(RecordedEvent e, DeploymentId id) {
    return switch (e.event()) {
      case DeploymentStarted s -> s.deployment().equals(id);
      case StepStarted s -> s.deployment().equals(id);
      case StepFinished s -> s.deployment().equals(id);
      case DeploymentApproved s -> s.deployment().equals(id);
      case DeploymentFinished s -> s.deployment().equals(id);
      default -> false;
    };
  }
}
