package dev.conveyor.server.deploy;

import dev.conveyor.core.deploy.DeploymentId;
import dev.conveyor.core.deploy.StepOutcome;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.plan.Step;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Runs a plan's verify step against live measurements, to a verdict with its evidence. */
public interface StepVerifier {

  /**
   * One verify step to run: its spec, the resolved candidate and baseline instances, and {@code
   * stop}, which turns true when the deployment is aborted or a candidate fails.
   */
  record Request(
      DeploymentId deployment,
      int step,
      FleetKey fleet,
      Step.Verify spec,
      List<InstanceId> candidates,
      List<InstanceId> baseline,
      BooleanSupplier stop,
      Consumer<String> progress) {}

  /** The verdict: passed, failed or inconclusive, in words, with the evidence as canonical JSON. */
  record Result(StepOutcome outcome, String detail, String evidence) {}

  Result verify(Request request) throws InterruptedException;
}
